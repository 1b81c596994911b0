using System.Collections.Concurrent;
using Messngr.Daemon.Core;
using Messngr.Daemon.Native;

namespace Messngr.Daemon.Tests.Control;

/// <summary>
/// An <see cref="IReceiptReporter"/> that records every call (the receipts part builds the real
/// one): once per (message, state) it says "recorded", as the real one does; it can throw, or
/// block until released, to play a failing or stuck reporter.
/// </summary>
internal sealed class FakeReceiptReporter : IReceiptReporter
{
    private readonly ConcurrentDictionary<(long, ReceiptState), bool> _recorded = new();

    public ConcurrentQueue<(long Seq, MessageId Id, ReceiptState State)> Calls { get; } = new();

    /// <summary>Thrown from every call when set.</summary>
    public Exception? Failure { get; set; }

    /// <summary>Every call waits for this before it returns, when set.</summary>
    public ManualResetEventSlim? Gate { get; set; }

    /// <summary>Every <c>read</c> call waits for this before it returns, when set.</summary>
    public ManualResetEventSlim? ReadGate { get; set; }

    public int Count(ReceiptState state) => Calls.Count(c => c.State == state);

    public bool Report(StoredMessage message, ReceiptState state, DateTimeOffset at)
    {
        Calls.Enqueue((message.Id, message.Message.MessageId, state));
        Gate?.Wait();
        if (state == ReceiptState.Read)
        {
            ReadGate?.Wait();
        }

        if (Failure is { } failure)
        {
            throw failure;
        }

        return _recorded.TryAdd((message.Id, state), true);
    }
}
