using Messngr.Daemon.Core;

namespace Messngr.Daemon.Native;

/// <summary>
/// The sending side of the native transport as the rest of the daemon sees it (issue #13, items 6–8):
/// a message goes into the durable outbox and is delivered — now, or later by store-and-forward
/// (retry with back-off, or when discovery announces the node) — until it is stored or expires.
/// </summary>
internal interface INativeDelivery
{
    /// <summary>
    /// Puts <paramref name="message"/> in the outbox (an expiry is filled in from the configured
    /// default when it has none) and makes the first attempt at once. Completes when that attempt
    /// ended: <see cref="NativeSendOutcome.Delivered"/> (stored), a permanent refusal, or — for a
    /// node that is down, unknown or refused for a while (temporary reason) — the outcome of the
    /// attempt with <see cref="NativeSubmitResult.Queued"/> true: the message stays in the outbox
    /// and is retried until it expires.
    /// </summary>
    Task<NativeSubmitResult> SubmitAsync(OutgoingMessage message, CancellationToken cancellationToken);

    /// <summary>
    /// Completes when the message reached <paramref name="state"/> or beyond, or ended (expired,
    /// failed), with its receipts so far; cancelled by <paramref name="cancellationToken"/>.
    /// </summary>
    Task<IReadOnlyList<Receipt>> WaitForAsync(MessageId id, ReceiptState state, CancellationToken cancellationToken);
}

/// <summary>The first attempt's result and whether the message still waits in the outbox for another.</summary>
internal sealed record NativeSubmitResult(MessageId Id, NativeSendResult Attempt, bool Queued);
