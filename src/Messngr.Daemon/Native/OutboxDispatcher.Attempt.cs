using System.Net;
using System.Net.Sockets;
using Messngr.Daemon.Core;
using Messngr.Daemon.Store;
using Messngr.Wire.Native;
using Microsoft.Data.Sqlite;

namespace Messngr.Daemon.Native;

/// <summary>One attempt at an outbox message and what its outcome means for it (docs/native-protocol.md §5.4 table).</summary>
internal sealed partial class OutboxDispatcher
{
    /// <summary>All due messages for one destination, pipelined over its one connection; one of <see cref="DaemonLimits.OutboxParallelNodes"/> slots.</summary>
    private async Task AttemptGroupAsync(IReadOnlyList<OutgoingMessage> group, CancellationToken stop)
    {
        try
        {
            await _nodes.WaitAsync(stop).ConfigureAwait(false);
            try
            {
                var target = OutboxTarget.Parse(group[0].Recipient, out _);
                var route = target is null ? null : await RouteAsync(target, stop).ConfigureAwait(false);
                await Task.WhenAll(group.Select(m => AttemptAsync(m, OutboxTarget.Parse(m.Recipient, out var problem), problem, route, stop))).ConfigureAwait(false);
            }
            finally
            {
                _nodes.Release();
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // shutting down: what was not answered stays queued and is sent after the restart
        }
        catch (Exception ex) when (ex is StoreException or SqliteException)
        {
            // The store failed (disk full…): the messages stay as the store last had them and are tried again.
            OutboxLog.AttemptFailed(_logger, group.Count, ex.Message);
        }
        finally
        {
            foreach (var message in group)
            {
                _inFlight.TryRemove(message.Id, out _);
            }

            ReceiptsChanged();
            Wake();
        }
    }

    /// <summary>One attempt and its consequence; the result and whether the message still waits for another.</summary>
    private async Task<(NativeSendResult Result, bool Queued)> AttemptAsync(OutgoingMessage message, OutboxTarget? target, string? problem, OutboxRoute? route, CancellationToken cancellationToken)
    {
        if (target is null || route is null)
        {
            var invalid = new NativeSendResult(NativeSendOutcome.Refused, null, $"invalid recipient: {problem}") { Reason = NativeRefusalReason.Invalid };
            End(message, ReceiptState.Failed, invalid.Detail);
            OutboxLog.Failed(_logger, message.Id.ToString(), message.Recipient, invalid.Detail);
            return (invalid, false);
        }

        if (route.Unresolved is { } why)
        {
            if (route.WaitKey is { } waitKey)
            {
                WaitFor(waitKey, message.Id);
            }

            return (Retry(message, new NativeSendResult(NativeSendOutcome.Unreachable, null, why)), true);
        }

        var result = await _sender.AttemptAsync(route.PeerKey!, route.EndPoint!, message, target.Name, cancellationToken).ConfigureAwait(false);
        if (result.Outcome != NativeSendOutcome.Delivered && result.NodeId is { } node && !string.Equals(node, message.NodeId, StringComparison.Ordinal))
        {
            // The node that refused it. (The node that stored it was recorded with its delivery, in
            // the same transaction: displayed/read receipts must come from it.)
            _store.SetOutgoingNode(message.Id, node);
        }

        return React(message, route, result);
    }

    private (NativeSendResult Result, bool Queued) React(OutgoingMessage message, OutboxRoute route, NativeSendResult result)
    {
        var id = message.Id.ToString();
        switch (result.Outcome)
        {
            case NativeSendOutcome.Delivered:
                OutboxLog.Delivered(_logger, id, message.Recipient, result.NodeId ?? "?");
                return (result, false);
            case NativeSendOutcome.Refused when result.Reason is NativeRefusalReason.StorageFull or NativeRefusalReason.RateLimited or NativeRefusalReason.ClockSkew:
                break; // temporary (§5.4): retried with back-off
            case NativeSendOutcome.Refused when result.Reason is NativeRefusalReason.Expired:
                End(message, ReceiptState.Expired, result.Detail);
                OutboxLog.Expired(_logger, id, message.Recipient, result.Detail);
                return (result, false);
            case NativeSendOutcome.Refused:
                // not-here, policy, invalid, and reasons we do not know: permanent (§5.4).
                End(message, ReceiptState.Failed, result.Detail);
                OutboxLog.Failed(_logger, id, message.Recipient, result.Detail);
                return (result, false);
            case NativeSendOutcome.Untrusted:
                // Unknown or changed key: no retry, the admin decides (messngr trust add).
                End(message, ReceiptState.Failed, result.Detail);
                OutboxLog.Untrusted(_logger, id, message.Recipient, result.Detail);
                return (result, false);
        }

        // Unreachable, timed out, protocol error, temporary refusal: it stays queued.
        if (route.WaitKey is { } waitKey)
        {
            WaitFor(waitKey, message.Id);
        }

        return (Retry(message, result), true);
    }

    private NativeSendResult Retry(OutgoingMessage message, NativeSendResult result)
    {
        var attempts = message.Attempts + 1;
        var next = _time.GetUtcNow() + OutboxBackoff.Delay(attempts, _limits, Random.Shared.NextDouble());
        _store.RecordAttempt(message.Id, next, result.Detail);
        OutboxLog.Retrying(_logger, message.Id.ToString(), message.Recipient, attempts, result.Detail, next);
        return result;
    }

    /// <summary>No more attempts: the last error, then the final receipt (expired or failed).</summary>
    private void End(OutgoingMessage message, ReceiptState state, string detail)
    {
        _store.RecordAttempt(message.Id, null, detail);
        _store.RecordReceipt(new Receipt(message.Id, state, _time.GetUtcNow(), detail));
    }

    /// <summary>
    /// Where <paramref name="target"/> is now: a bare NAME is the trusted node the peer table lists
    /// for it (its node id then also keys the connection and is required of the TLS peer); a host is
    /// resolved at each attempt. Unresolved says why not (the message waits), with the key of the
    /// event (an announcement) that should wake it.
    /// </summary>
    private async Task<OutboxRoute> RouteAsync(OutboxTarget target, CancellationToken cancellationToken)
    {
        if (target.Host is null)
        {
            var listed = _peers?.Snapshot().Where(e => e.Id is not null && e.Names.Contains(target.Name, StringComparer.OrdinalIgnoreCase)).ToList() ?? [];
            if (listed.FirstOrDefault(e => e.Trusted) is { } node && IPAddress.TryParse(node.Address, out var address))
            {
                var nodeId = node.Id!.ToString();
                return new OutboxRoute(nodeId, new IPEndPoint(address, node.Port), null, NodeKey(nodeId));
            }

            var why = listed.Count > 0
                ? $"node {listed[0].Id} announces {target.Name} but is not trusted (messngr trust add {listed[0].Id}); queued"
                : $"unknown node for {target.Name}, queued until it is announced";
            return new OutboxRoute(null, null, why, NameKey(target.Name));
        }

        if (IPAddress.TryParse(target.Host, out var literal))
        {
            var endPoint = new IPEndPoint(literal, target.Port);
            return new OutboxRoute(endPoint.ToString(), endPoint, null, null);
        }

        try
        {
            var addresses = await Resolve(target.Host, cancellationToken).ConfigureAwait(false);
            var address = addresses.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork) ?? addresses.FirstOrDefault();
            if (address is null)
            {
                return new OutboxRoute(null, null, $"{target.Host} has no address", null);
            }

            var endPoint = new IPEndPoint(address, target.Port);
            return new OutboxRoute(endPoint.ToString(), endPoint, null, null);
        }
        catch (Exception ex) when (ex is SocketException or ArgumentException)
        {
            return new OutboxRoute(null, null, $"cannot resolve {target.Host}: {ex.Message}", null);
        }
    }

    /// <summary>The connection key and address of a destination, or why there is none now and what would wake its messages.</summary>
    private sealed record OutboxRoute(string? PeerKey, IPEndPoint? EndPoint, string? Unresolved, string? WaitKey);
}
