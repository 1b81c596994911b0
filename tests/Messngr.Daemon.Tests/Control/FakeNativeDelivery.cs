using System.Collections.Concurrent;
using Messngr.Daemon.Core;
using Messngr.Daemon.Native;

namespace Messngr.Daemon.Tests.Control;

/// <summary>
/// An <see cref="INativeDelivery"/> that records every message it was given, puts it in the fake
/// daemon's outbox with its receipts, and answers what <see cref="Answer"/> says; waits complete
/// when a test calls <see cref="Reach"/>.
/// </summary>
internal sealed class FakeNativeDelivery(FakeDaemonControl daemon) : INativeDelivery
{
    private readonly ConcurrentDictionary<MessageId, (ReceiptState State, TaskCompletionSource<IReadOnlyList<Receipt>> Done)> _waits = new();

    public ConcurrentQueue<OutgoingMessage> Submitted { get; } = new();

    /// <summary>The first attempt's result for a message; default: delivered (stored) by node P56IOI7.</summary>
    public Func<OutgoingMessage, NativeSendResult> Answer { get; set; } = _ => new NativeSendResult(NativeSendOutcome.Delivered, NodeIdText, "delivered over native to P56IOI7 (verified)");

    /// <summary>Held until set: lets a test have many submits in flight at once, none in the outbox yet.</summary>
    public Task Gate { get; set; } = Task.CompletedTask;

    /// <summary>Set when a wait was cancelled (its timeout passed or the client went away).</summary>
    public TaskCompletionSource WaitCancelled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Set when a wait began.</summary>
    public TaskCompletionSource WaitStarted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public const string NodeIdText = "P56IOI7-MZJNU2Y-IQGDREY-DM2MGTI-MGL3BXN-PQ6W5BM-TBBZ4TJ-XZWICQ2";

    public async Task<NativeSubmitResult> SubmitAsync(OutgoingMessage message, CancellationToken cancellationToken)
    {
        Submitted.Enqueue(message);
        await Gate.WaitAsync(cancellationToken);
        var result = Answer(message);
        var queued = result.Outcome is NativeSendOutcome.Unreachable or NativeSendOutcome.TimedOut;
        daemon.Outbox[message.Id] = message with { NodeId = result.NodeId, Attempts = 1, NextAttemptAt = queued ? message.CreatedAt.AddMinutes(1) : null, LastError = result.Outcome == NativeSendOutcome.Delivered ? null : result.Detail };
        daemon.AddReceipt(new Receipt(message.Id, ReceiptState.Queued, message.CreatedAt));
        if (result.Outcome == NativeSendOutcome.Delivered)
        {
            daemon.AddReceipt(new Receipt(message.Id, ReceiptState.Sent, message.CreatedAt));
            daemon.AddReceipt(new Receipt(message.Id, ReceiptState.Stored, message.CreatedAt));
        }

        return new NativeSubmitResult(message.Id, result, queued);
    }

    public async Task<IReadOnlyList<Receipt>> WaitForAsync(MessageId id, ReceiptState state, CancellationToken cancellationToken)
    {
        var wait = _waits.GetOrAdd(id, _ => (state, new TaskCompletionSource<IReadOnlyList<Receipt>>(TaskCreationOptions.RunContinuationsAsynchronously)));
        WaitStarted.TrySetResult();
        try
        {
            return await wait.Done.Task.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            WaitCancelled.TrySetResult();
            throw;
        }
    }

    /// <summary>The message reached <paramref name="state"/>: recorded, and a wait for it (or less) completes.</summary>
    public void Reach(MessageId id, ReceiptState state)
    {
        daemon.AddReceipt(new Receipt(id, state, DateTimeOffset.UtcNow));
        if (_waits.TryGetValue(id, out var wait) && state >= wait.State)
        {
            wait.Done.TrySetResult(daemon.SentReceipts(id));
        }
    }
}
