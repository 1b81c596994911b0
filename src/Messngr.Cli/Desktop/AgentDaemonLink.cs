using System.Globalization;
using Messngr.Cli.Commands;
using Messngr.Cli.Control;
using Messngr.Daemon.Control.Api;

namespace Messngr.Cli.Desktop;

/// <summary>
/// The agent's requests to the daemon over the control socket (as the user: SO_PEERCRED), and its
/// replies through <see cref="SendCommand"/> (<see cref="AgentReply"/>).
/// </summary>
internal sealed class AgentDaemonLink(ControlClient client, CommandContext context, IReadOnlyDictionary<string, string> flags) : IAgentDaemon
{
    public Task DisplayedAsync(long seq, CancellationToken cancellationToken) =>
        client.DisplayedAsync(seq.ToString(CultureInfo.InvariantCulture), cancellationToken);

    public Task ReadAsync(long seq, CancellationToken cancellationToken) =>
        client.ReadAsync(seq.ToString(CultureInfo.InvariantCulture), cancellationToken);

    public async Task<string?> ReplyAsync(MessageDto message, string text, CancellationToken cancellationToken)
    {
        IReadOnlyList<PeerDto> peers = [];
        IReadOnlyList<TrustEntryDto> trust = [];
        if (message.Transport == "native")
        {
            try
            {
                peers = await client.PeersAsync(cancellationToken).ConfigureAwait(false);
                trust = await client.ListTrustAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (ControlClientException)
            {
                // no peer table or trust list: the sender's login at its address is tried
            }
        }

        using var output = new StringWriter(CultureInfo.InvariantCulture);
        using var error = new StringWriter(CultureInfo.InvariantCulture);
        int code;
        try
        {
            code = await SendCommand.RunAsync(AgentReply.SendArguments(message, text, flags, peers, trust), context with { Out = output, Error = error }, () => TextReader.Null, inputRedirected: true, cancellationToken).ConfigureAwait(false);
        }
        catch (UsageException ex)
        {
            return ex.Message;
        }

        return code == ExitCodes.Ok ? null : ClientText.Line(error.ToString().Trim().Replace('\n', ' '));
    }
}
