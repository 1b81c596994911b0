using Messngr.Daemon.Display;
using Messngr.Daemon.Sinks;
using Microsoft.Extensions.Logging;
using Messngr.Daemon.Core;

namespace Messngr.Daemon.Hosting;

/// <summary>
/// The daemon log's line for each accepted message, as a sink with its own queue: a standard
/// error nobody drains (the console logger waits when its queue is full) holds up only this sink,
/// never the commit path (issue #10, item 8). Sender and recipient are peer-controlled and are
/// sanitised before they reach the admin's terminal (item 5); the text is never logged.
/// </summary>
internal sealed class AcceptedLogSink(ILogger logger) : IMessageSink
{
    public string Name => "log";

    public ValueTask DeliverAsync(ReceivedMessage message, CancellationToken cancellationToken)
    {
        DaemonLog.MessageAccepted(logger, TerminalText.SingleLine(message.From), TerminalText.SingleLine(message.To), MessageTransportName.Of(message.Transport), message.Source, message.Text.Length);
        return ValueTask.CompletedTask;
    }
}
