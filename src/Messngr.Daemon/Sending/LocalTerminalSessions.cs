using System.Net;
using Messngr.Daemon.Sinks;
using Messngr.Daemon.Core;

namespace Messngr.Daemon.Sending;

/// <summary>
/// <c>/users</c> (<c>msg *</c>): writes the message to every terminal session of this host found
/// in utmp, like wall(1), through the same <see cref="TtySink"/> the daemon uses (escape sequences
/// stripped, <c>mesg n</c> and the broadcast opt-out honoured). The sender is the calling user,
/// known to the kernel, so the banner says "verified" and "local".
/// </summary>
internal sealed class LocalTerminalSessions : ILocalSessions
{
    private readonly TtySink _sink;
    private readonly string _sender;
    private readonly string _computerName;

    public LocalTerminalSessions(TtySink sink, string sender, string computerName)
    {
        _sink = sink;
        _sender = sender;
        _computerName = computerName;
    }

    public async Task<RecipientResult> ShowAsync(Recipient recipient, string text, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(recipient);
        var message = new ReceivedMessage(_sender, _computerName, text, MessageTransport.Local, new IPEndPoint(IPAddress.Loopback, 0), DateTimeOffset.Now, Authenticated: true);
        var results = await _sink.ShowAsync(message, cancellationToken).ConfigureAwait(false);
        var written = results.Count(r => r.Outcome == TtyWriteOutcome.Written);
        if (results.Count == 0)
        {
            return new RecipientResult(recipient, SendOutcome.NameNotFound, null, null, _computerName, "nobody is logged on at a terminal of this host (utmp)");
        }

        var skipped = string.Join(", ", results.Where(r => r.Outcome != TtyWriteOutcome.Written).Select(r => $"{r.User} on {r.Terminal}: {Describe(r.Outcome)}"));
        return written > 0
            ? new RecipientResult(recipient, SendOutcome.Delivered, null, IPAddress.Loopback, _computerName,
                $"shown on {written} terminal{(written == 1 ? string.Empty : "s")}" + (skipped.Length > 0 ? $"; not on {skipped}" : string.Empty))
            : new RecipientResult(recipient, SendOutcome.Refused, null, IPAddress.Loopback, _computerName, $"no terminal took it: {skipped}");
    }

    private static string Describe(TtyWriteOutcome outcome) => outcome switch
    {
        TtyWriteOutcome.MessagesOff => "messages off (mesg n)",
        TtyWriteOutcome.OpenFailed => "cannot open the terminal (permission)",
        TtyWriteOutcome.Stuck => "terminal did not take the output in time",
        TtyWriteOutcome.NotOwner => "the terminal is not owned by that user",
        TtyWriteOutcome.Skipped => "terminal skipped for a while after it took no output in time",
        _ => outcome.ToString(),
    };
}
