using System.Net;
using Messngr.Cli.Control;
using Messngr.Daemon.Control.Api;
using Messngr.Daemon.Sending;

namespace Messngr.Cli.Commands;

/// <summary>
/// <c>messngr send</c>'s native path (issue #13, item 8) through the local daemon's control socket:
/// <list type="bullet">
/// <item><c>--native</c>: every NAME or NAME@HOST[:PORT] goes natively (<c>POST /v1/send</c>); the
/// daemon not running is "unreachable" (69) with the control client's message.</item>
/// <item>auto: a NAME that a trusted node of the daemon's peer table (<c>GET /v1/peers</c>)
/// announces, or NAME@HOST[:PORT] where HOST[:PORT] is a trusted node's address, goes natively;
/// everything else — and everything when no daemon answers — goes the classic way, silently.</item>
/// </list>
/// The daemon sends as the calling user (its uid from SO_PEERCRED), so <c>--from</c> does not apply.
/// <c>--wait</c> then waits (<c>GET /v1/sent/{id}?wait=read</c>) at most <c>--time</c>.
/// </summary>
internal sealed class SendNativeRoute : INativeRoute
{
    /// <summary>The first attempt may take the daemon's native send timeout (20 s) and a connect: the request's deadline.</summary>
    private static readonly TimeSpan SendDeadline = TimeSpan.FromSeconds(60);

    private readonly ControlClient _client;
    private readonly SendArguments _arguments;
    private readonly bool _only;
    private readonly Lazy<Task<IReadOnlyList<PeerDto>>> _peers;

    public SendNativeRoute(ControlClient client, SendArguments arguments)
    {
        _client = client;
        _arguments = arguments;
        _only = arguments.Transport == SendTransport.Native;
        _peers = new(() => TrustedPeersAsync(client), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public async Task<RecipientResult?> SendAsync(SendRequest request, Recipient recipient, SendTrace? trace, CancellationToken cancellationToken)
    {
        if (request.Transport is not (SendTransport.Auto or SendTransport.Native) || (!_only && request.Server is not null))
        {
            return null; // a classic transport, or msg /server:HOST, was asked for
        }

        if (recipient.Form is not (RecipientForm.Name or RecipientForm.NameAtHost))
        {
            return _only ? new RecipientResult(recipient, SendOutcome.Invalid, SendTransport.Native, null, null, "only NAME or NAME@HOST[:PORT] can be sent natively") : null;
        }

        var peer = Match(await _peers.Value.ConfigureAwait(false), recipient);
        if (!_only && peer is null)
        {
            return null;
        }

        trace?.Invoke(peer is null ? "sending natively through the local daemon" : $"{recipient.Text} is trusted node {peer.Short} at {peer.Address}:{peer.Port}: sending natively");
        try
        {
            return await SendNativelyAsync(recipient, request.Text, cancellationToken).ConfigureAwait(false);
        }
        catch (ControlClientException ex)
        {
            var outcome = ex.Failure switch
            {
                ControlFailure.TimedOut or ControlFailure.TryLater => SendOutcome.TimedOut,
                ControlFailure.Unavailable => SendOutcome.Unreachable,
                ControlFailure.Rejected => SendOutcome.Invalid,
                ControlFailure.PermissionDenied => SendOutcome.Refused,
                _ => SendOutcome.ProtocolError,
            };
            return new RecipientResult(recipient, outcome, SendTransport.Native, null, recipient.Name, ex.Message);
        }
    }

    private async Task<RecipientResult> SendNativelyAsync(Recipient recipient, string text, CancellationToken cancellationToken)
    {
        var answer = await _client.SendNativeAsync(
            new NativeSendRequest(recipient.Text.Trim(), text, _arguments.Priority, _arguments.ExpireSeconds, _arguments.Sealed ? true : null),
            SendDeadline,
            cancellationToken).ConfigureAwait(false);
        var outcome = Outcome(answer);
        var state = answer.State;
        DateTimeOffset? retryUntil = null;
        var detail = answer.Detail;
        if (outcome == SendOutcome.Queued)
        {
            retryUntil = (await _client.SentMessageAsync(answer.MessageId, null, TimeSpan.Zero, cancellationToken).ConfigureAwait(false)).ExpiresAt;
        }

        if (_arguments.Wait && outcome is SendOutcome.Delivered or SendOutcome.Queued)
        {
            var waited = await _client.SentMessageAsync(answer.MessageId, "read", _arguments.Time, cancellationToken).ConfigureAwait(false);
            state = waited.State;
            (outcome, detail) = state switch
            {
                "read" => (SendOutcome.Delivered, "read by the recipient"),
                "expired" => (SendOutcome.Expired, "expired before it was read"),
                "failed" => (SendOutcome.Refused, waited.LastError ?? "failed"),
                _ => (SendOutcome.TimedOut, $"not read within {_arguments.Time.TotalSeconds:0.#} s (it is {state})"),
            };
        }

        return new RecipientResult(recipient, outcome, SendTransport.Native, null, recipient.Name, detail)
        {
            Native = new NativeDelivery(answer.MessageId, state, answer.NodeId, answer.NodeId is not null, retryUntil),
        };
    }

    /// <summary>The daemon's answer as a send outcome: stored 0, queued 75, not-here 68, expired 65, untrusted/changed/policy 77.</summary>
    internal static SendOutcome Outcome(NativeSendDto answer)
    {
        if (answer.Queued)
        {
            return SendOutcome.Queued;
        }

        return answer.Outcome switch
        {
            "delivered" => SendOutcome.Delivered,
            _ when answer.State == "expired" || answer.Detail.StartsWith("expired", StringComparison.Ordinal) => SendOutcome.Expired,
            "refused" when answer.Detail.StartsWith("not-here", StringComparison.Ordinal) => SendOutcome.NameNotFound,
            "refused" or "untrusted" => SendOutcome.Refused,
            "unreachable" => SendOutcome.Unreachable,
            "timed-out" => SendOutcome.TimedOut,
            _ => SendOutcome.ProtocolError,
        };
    }

    /// <summary>
    /// The trusted node that takes <paramref name="recipient"/>: for NAME one that announced NAME;
    /// for NAME@HOST[:PORT] the one at that address (and port, when given). Untrusted nodes never match.
    /// </summary>
    internal static PeerDto? Match(IReadOnlyList<PeerDto> peers, Recipient recipient)
    {
        foreach (var peer in peers)
        {
            if (!peer.Trusted || peer.NodeId is null)
            {
                continue;
            }

            if (recipient.Form == RecipientForm.Name && peer.Names.Any(n => string.Equals(n, recipient.Name, StringComparison.OrdinalIgnoreCase)))
            {
                return peer;
            }

            if (recipient.Form == RecipientForm.NameAtHost && recipient.Host is { } host && HostMatches(peer, host))
            {
                return peer;
            }
        }

        return null;
    }

    private static bool HostMatches(PeerDto peer, string host)
    {
        var colon = host.LastIndexOf(':');
        if (colon > 0 && int.TryParse(host.AsSpan(colon + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var port))
        {
            return port == peer.Port && SameAddress(peer.Address, host[..colon]);
        }

        return SameAddress(peer.Address, host);
    }

    private static bool SameAddress(string peer, string host) =>
        IPAddress.TryParse(peer, out var a) && IPAddress.TryParse(host, out var b) ? a.Equals(b) : string.Equals(peer, host, StringComparison.OrdinalIgnoreCase);

    /// <summary>The peer table, or nothing when no daemon answers (auto then sends classic without complaint).</summary>
    private static async Task<IReadOnlyList<PeerDto>> TrustedPeersAsync(ControlClient client)
    {
        try
        {
            return await client.PeersAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (ControlClientException)
        {
            return [];
        }
    }
}
