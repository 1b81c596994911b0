using System.Globalization;
using Messngr.Daemon.Display;
using Messngr.Daemon.Core;

namespace Messngr.Daemon.Sinks;

/// <summary>
/// Prints each message to the daemon's standard output, sanitised for a terminal
/// (<see cref="TerminalText"/>): the foreground view of <c>messngr serve</c>. A sealed message is
/// shown as an envelope there too (issue #13, item 6): only its recipient opens it.
/// </summary>
internal sealed class ConsoleSink : IMessageSink
{
    private readonly TextWriter _output;

    public ConsoleSink(TextWriter output) => _output = output;

    public string Name => "console";

    public static string Format(ReceivedMessage message)
    {
        var from = TerminalText.SingleLine(message.From);
        var to = TerminalText.SingleLine(message.To);
        var text = message.Sealed ? TtyMessageFormatter.SealedLine(message.MessageId) : TerminalText.Sanitize(message.Text);
        var verified = message.Verified ? "verified" : "unverified"; // a trusted native sender, or a transport that authenticated it
        var when = message.ReceivedAt.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
        var transport = MessageTransportName.Of(message.Transport);
        return $"Message from {from} to {to} on {when} ({transport} from {message.Source.Address}, {verified})\n{text}\n";
    }

    public async ValueTask DeliverAsync(ReceivedMessage message, CancellationToken cancellationToken)
    {
        await _output.WriteLineAsync(Format(message).AsMemory(), cancellationToken).ConfigureAwait(false);
        await _output.FlushAsync(cancellationToken).ConfigureAwait(false);
    }
}
