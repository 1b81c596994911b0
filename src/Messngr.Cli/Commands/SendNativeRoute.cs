using Messngr.Cli.Control;
using Messngr.Daemon.Control;
using Messngr.Daemon.Control.Api;
using Messngr.Daemon.Core;
using Messngr.Daemon.Sending;

namespace Messngr.Cli.Commands;

/// <summary>
/// <c>messngr send</c>'s native path (issue #13, item 8) through the local daemon's control socket:
/// <list type="bullet">
/// <item><c>--native</c>: every NAME or NAME@HOST[:PORT] goes natively (<c>POST /v1/send</c>); the
/// daemon not running is "unreachable" (69) with the control client's message.</item>
/// <item>auto: a NAME that a trusted node of the daemon's peer table (<c>GET /v1/peers</c>)
/// announces, NAME@HOST where HOST is a trusted node's address, and every NAME@HOST:PORT (a port
/// names a native listener) go natively; everything else — and everything when no daemon answers —
/// goes the classic way, silently.</item>
/// </list>
/// All native recipients of one <c>send</c> go in ONE request (<c>recipients</c>; issue #13, many):
/// the daemon submits them at once and answers each in order.
/// The daemon sends as the calling user (its uid from SO_PEERCRED), so <c>--from</c> does not apply.
/// <c>--wait</c> then waits (<c>GET /v1/sent/{id}?wait=read</c>) at most <c>--time</c>.
/// </summary>
internal sealed class SendNativeRoute : INativeRoute
{
    /// <summary>The first attempt may take the daemon's native send timeout (20 s) and a connect: the request's deadline.</summary>
    private static readonly TimeSpan SendDeadline = TimeSpan.FromSeconds(60);

    /// <summary>Recipients in one request: what a daemon with the default limits takes (it answers 400 beyond).</summary>
    private static readonly int ChunkSize = DaemonLimits.Default.MaxSendRecipients;

    /// <summary>Requests of one <c>send @FILE</c> in flight at once when the list is longer than <see cref="ChunkSize"/>.</summary>
    private const int MaxChunksAtOnce = 4;

    private readonly ControlClient _client;
    private readonly SendArguments _arguments;
    private readonly bool _only;

    public SendNativeRoute(ControlClient client, SendArguments arguments)
    {
        _client = client;
        _arguments = arguments;
        _only = arguments.Transport == SendTransport.Native;
    }

    public async Task<IReadOnlyList<Task<RecipientResult>?>> StartAsync(SendRequest request, SendTrace? trace, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var recipients = request.Recipients;
        var started = new Task<RecipientResult>?[recipients.Count];
        if (request.Transport is not (SendTransport.Auto or SendTransport.Native) || (!_only && request.Server is not null))
        {
            return started; // a classic transport, or msg /server:HOST, was asked for
        }

        // --native needs no peer table (every NAME and NAME@HOST goes natively), nor does a list without one.
        var peers = _only || !recipients.Any(r => r.Form is RecipientForm.Name or RecipientForm.NameAtHost) ? [] : await TrustedPeersAsync(_client).ConfigureAwait(false);
        var batch = new List<int>(recipients.Count);
        for (var i = 0; i < started.Length; i++)
        {
            var recipient = recipients[i];
            if (recipient.Form is not (RecipientForm.Name or RecipientForm.NameAtHost))
            {
                if (_only)
                {
                    started[i] = Task.FromResult(Failed(recipient, SendOutcome.Invalid, "only NAME or NAME@HOST[:PORT] can be sent natively"));
                }

                continue;
            }

            // A port names a native listener: such a recipient goes natively even when no trusted node is known there.
            var peer = Match(peers, recipient);
            if (!_only && peer is null && recipient.Port is null)
            {
                continue;
            }

            if (NativeSendBody.RecipientProblem(recipient.Text.Trim()) is { } problem)
            {
                started[i] = Task.FromResult(Failed(recipient, SendOutcome.Invalid, problem));
                continue;
            }

            trace?.Invoke(peer is null ? $"{recipient.Text}: sending natively through the local daemon" : $"{recipient.Text} is trusted node {peer.Short} at {peer.Address}:{peer.Port}: sending natively");
            batch.Add(i);
        }

        if (batch.Count > 0)
        {
            var sending = SendAllAsync([.. batch.Select(i => recipients[i])], request.Text, cancellationToken);
            for (var k = 0; k < batch.Count; k++)
            {
                started[batch[k]] = ResultAsync(sending, k);
            }
        }

        return started;
    }

    /// <summary>One request per chunk the daemon takes (<see cref="ChunkSize"/>), a few at once; the results in order.</summary>
    private async Task<RecipientResult[]> SendAllAsync(List<Recipient> recipients, string text, CancellationToken cancellationToken)
    {
        using var chunks = new SemaphoreSlim(MaxChunksAtOnce);
        var sending = new List<Task<RecipientResult[]>>();
        for (var from = 0; from < recipients.Count; from += ChunkSize)
        {
            sending.Add(SendChunkAsync(recipients.GetRange(from, Math.Min(ChunkSize, recipients.Count - from)), text, chunks, cancellationToken));
        }

        return [.. (await Task.WhenAll(sending).ConfigureAwait(false)).SelectMany(r => r)];
    }

    private static async Task<RecipientResult> ResultAsync(Task<RecipientResult[]> chunk, int index) => (await chunk.ConfigureAwait(false))[index];

    /// <summary>
    /// One <c>POST /v1/send {recipients: […]}</c> for <paramref name="chunk"/>, then for each the
    /// finish (<c>--wait</c>); a failure of the request is every recipient's result.
    /// </summary>
    private async Task<RecipientResult[]> SendChunkAsync(List<Recipient> chunk, string text, SemaphoreSlim chunks, CancellationToken cancellationToken)
    {
        NativeSendBatchDto answer;
        await chunks.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            answer = await _client.SendNativeManyAsync(
                new NativeSendRequest(null, text, _arguments.Priority, _arguments.ExpireSeconds, _arguments.Sealed ? true : null, _arguments.CorrelationKey, Recipients: [.. chunk.Select(r => r.Text.Trim())]),
                SendDeadline,
                cancellationToken).ConfigureAwait(false);
            if (answer.Results.Count != chunk.Count)
            {
                throw new ControlClientException(ControlFailure.Protocol, $"the daemon answered {answer.Results.Count} results for {chunk.Count} recipients; are both the same version?");
            }
        }
        catch (ControlClientException ex)
        {
            return [.. chunk.Select(r => Failed(r, ex))];
        }
        finally
        {
            chunks.Release();
        }

        return await Task.WhenAll(chunk.Select((r, k) => FinishAsync(r, answer.Results[k], cancellationToken))).ConfigureAwait(false);
    }

    /// <summary>One recipient's result from the daemon's answer; with <c>--wait</c> after waiting until it is read.</summary>
    private async Task<RecipientResult> FinishAsync(Recipient recipient, NativeSendDto answer, CancellationToken cancellationToken)
    {
        var outcome = Outcome(answer);
        var state = answer.State;
        var detail = answer.Detail;
        if (_arguments.Wait && outcome is SendOutcome.Delivered or SendOutcome.Queued)
        {
            SentDto waited;
            try
            {
                waited = await _client.SentMessageAsync(answer.MessageId, "read", _arguments.Time, cancellationToken).ConfigureAwait(false);
            }
            catch (ControlClientException ex)
            {
                return Failed(recipient, ex);
            }

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
            Native = new NativeDelivery(answer.MessageId, state, answer.NodeId, answer.NodeId is not null, outcome == SendOutcome.Queued ? answer.RetryUntil : null),
        };
    }

    /// <summary>The control request failed: what the daemon (or its absence) said, as this recipient's outcome.</summary>
    private static RecipientResult Failed(Recipient recipient, ControlClientException ex)
    {
        var outcome = ex.Failure switch
        {
            ControlFailure.TimedOut or ControlFailure.TryLater => SendOutcome.TimedOut,
            ControlFailure.Unavailable => SendOutcome.Unreachable,
            ControlFailure.Rejected => SendOutcome.Invalid,
            ControlFailure.PermissionDenied => SendOutcome.Refused,
            _ => SendOutcome.ProtocolError,
        };
        return Failed(recipient, outcome, ex.Message);
    }

    private static RecipientResult Failed(Recipient recipient, SendOutcome outcome, string detail) =>
        new(recipient, outcome, SendTransport.Native, null, recipient.Name, detail);

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

    /// <summary>The trusted node that takes <paramref name="recipient"/> (the one rule, shared with the daemon's <c>POST /v1/send/any</c>: <see cref="NativeRouteChoice"/>).</summary>
    internal static PeerDto? Match(IReadOnlyList<PeerDto> peers, Recipient recipient) => NativeRouteChoice.Match(peers, recipient);

    /// <summary>The peer table, or nothing when no daemon answers (auto then sends classic without complaint).</summary>
    private static async Task<IReadOnlyList<PeerDto>> TrustedPeersAsync(ControlClient client)
    {
        if (!File.Exists(client.SocketPath))
        {
            // what the client would answer (unavailable), without first building the peer table's
            // JSON metadata — a third of a one-shot send's own work when no daemon runs (issue #15, item 8)
            return [];
        }

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
