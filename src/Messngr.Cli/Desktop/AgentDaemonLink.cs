using System.Globalization;
using Messngr.Cli.Control;
using Messngr.Daemon.Control.Api;

namespace Messngr.Cli.Desktop;

/// <summary>
/// The agent's requests to the daemon over the control socket (as the user: SO_PEERCRED). An
/// inline reply is the daemon's <c>POST /v1/messages/{seq}/reply</c> (issue #14, reply): the daemon
/// works out where it goes (Messngr.Daemon.Sending.ReplyTarget, the web page's rule too) and sends
/// it as <c>messngr send</c> would, natively with replyTo for a native message.
/// </summary>
internal sealed class AgentDaemonLink(ControlClient client) : IAgentDaemon
{
    public Task DisplayedAsync(long seq, CancellationToken cancellationToken) =>
        client.DisplayedAsync(seq.ToString(CultureInfo.InvariantCulture), cancellationToken);

    public Task ReadAsync(long seq, CancellationToken cancellationToken) =>
        client.ReadAsync(seq.ToString(CultureInfo.InvariantCulture), cancellationToken);

    public async Task<string?> ReplyAsync(MessageDto message, string text, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        AnySendDto answer;
        try
        {
            answer = await client.ReplyAsync(message.Seq.ToString(CultureInfo.InvariantCulture), text, null, cancellationToken).ConfigureAwait(false);
        }
        catch (ControlClientException ex)
        {
            return ClientText.Line(ex.Message);
        }

        var failed = answer.Results.Where(r => !r.Succeeded).Select(r => $"{r.Recipient}: {r.Outcome} ({r.Detail})").ToList();
        return failed.Count == 0 ? null : ClientText.Line(string.Join("; ", failed));
    }
}
