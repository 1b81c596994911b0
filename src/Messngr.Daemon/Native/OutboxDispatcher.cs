using System.Collections.Concurrent;
using System.Net;
using System.Threading.Channels;
using Messngr.Daemon.Core;
using Messngr.Daemon.Store;
using Messngr.Wire.Native;
using Microsoft.Extensions.Logging;

namespace Messngr.Daemon.Native;

/// <summary>
/// Store-and-forward for the native transport (issue #13, items 7 and 8): every message goes into
/// the durable outbox first, is attempted at once, and — when its node is down, unknown or refuses
/// for a while — stays queued and is retried with back-off (<see cref="OutboxBackoff"/>), or at
/// once when discovery announces its node, until it is stored or expires (docs/native-protocol.md
/// §5.4 reactions, §11 "expiry at the sender"). One owned loop takes due messages from the store
/// (so a restarted daemon sends what it had queued) and expires the overdue; attempts to different
/// nodes run in parallel (<see cref="DaemonLimits.OutboxParallelNodes"/>), one node's messages go
/// pipelined over its one connection.
/// </summary>
internal sealed partial class OutboxDispatcher : INativeDelivery, IAsyncDisposable
{
    private readonly NativeSender _sender;
    private readonly IMessageStore _store;
    private readonly PeerTable? _peers;
    private readonly TimeSpan _defaultExpiry;
    private readonly DaemonLimits _limits;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _nodes;
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly ConcurrentDictionary<MessageId, bool> _inFlight = new();
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<MessageId, bool>> _waitingFor = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<MessageId, bool> _woken = new();
    private readonly List<Task> _attempts = [];
    private readonly CancellationTokenSource _stop = new();
    private TaskCompletionSource _receiptsChanged = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task _loop = Task.CompletedTask;

    public OutboxDispatcher(NativeSender sender, IMessageStore store, PeerTable? peers, TimeSpan defaultExpiry, DaemonLimits limits, TimeProvider time, ILogger logger)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(defaultExpiry, TimeSpan.Zero);
        _sender = sender ?? throw new ArgumentNullException(nameof(sender));
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _peers = peers;
        _defaultExpiry = defaultExpiry;
        _limits = limits ?? throw new ArgumentNullException(nameof(limits));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        _nodes = new SemaphoreSlim(limits.OutboxParallelNodes, limits.OutboxParallelNodes);
        if (_peers is not null)
        {
            _peers.NodeAnnounced += OnNodeAnnounced;
        }
    }

    /// <summary>Resolves a DNS name at each attempt (tests replace it).</summary>
    public Func<string, CancellationToken, Task<IPAddress[]>> Resolve { get; init; } = Dns.GetHostAddressesAsync;

    /// <summary>Starts the loop; it runs until <see cref="DisposeAsync"/>.</summary>
    public void Start() => _loop = Task.Run(() => RunAsync(_stop.Token), CancellationToken.None);

    public async Task<NativeSubmitResult> SubmitAsync(OutgoingMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        message = message.ExpiresAt is null ? message with { ExpiresAt = message.CreatedAt + _defaultExpiry } : message;

        // Marked before it is in the store, so the loop never attempts it at the same time.
        if (!_inFlight.TryAdd(message.Id, true))
        {
            return new NativeSubmitResult(message.Id, new NativeSendResult(NativeSendOutcome.Refused, null, "a message with this id is being sent already"), false);
        }

        try
        {
            switch (await _store.EnqueueOutgoingAsync(message).ConfigureAwait(false))
            {
                case EnqueueOutcome.Full:
                    return new NativeSubmitResult(message.Id, new NativeSendResult(NativeSendOutcome.Refused, null, $"the outbox is full ({_limits.MaxOutbox} messages wait for their nodes); try again later"), false);
                case EnqueueOutcome.Duplicate:
                    return new NativeSubmitResult(message.Id, new NativeSendResult(NativeSendOutcome.Refused, null, "a message with this id is in the outbox already"), false);
            }

            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stop.Token);
            var target = OutboxTarget.Parse(message.Recipient, out var problem);
            var route = target is null ? null : await RouteAsync(target, linked.Token).ConfigureAwait(false);
            var (result, queued) = await AttemptAsync(message, target, problem, route, linked.Token).ConfigureAwait(false);
            return new NativeSubmitResult(message.Id, result, queued);
        }
        finally
        {
            _inFlight.TryRemove(message.Id, out _);
            ReceiptsChanged();
            Wake();
        }
    }

    public async Task<IReadOnlyList<Receipt>> WaitForAsync(MessageId id, ReceiptState state, CancellationToken cancellationToken)
    {
        if (_store.FindOutgoing(id) is null)
        {
            return [];
        }

        while (true)
        {
            // Our own signal for what this dispatcher records; the poll for receipts recorded by
            // other code (displayed/read, recorded by the receipts part straight into the store).
            var changed = Volatile.Read(ref _receiptsChanged).Task;
            var receipts = _store.ReceiptsFor(id);
            if (Reached(receipts, state))
            {
                return receipts;
            }

            await Task.WhenAny(changed, Task.Delay(_limits.OutboxWaitPoll, _time, cancellationToken)).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    /// <summary>Stops the loop and the attempts (what they did not finish stays queued), then says GOODBYE shutting-down on kept connections.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_peers is not null)
        {
            _peers.NodeAnnounced -= OnNodeAnnounced;
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        Task[] attempts;
        lock (_attempts)
        {
            attempts = [.. _attempts];
        }

        await Task.WhenAll(attempts).ConfigureAwait(false);
        using var goodbye = new CancellationTokenSource(_limits.NativeWriteTimeout, _time);
        await _sender.GoodbyeAsync(NativeGoodbyeReason.ShuttingDown, goodbye.Token).ConfigureAwait(false);
        _stop.Dispose();
    }

    /// <summary>The furthest receipt is <paramref name="state"/> or beyond it, or the message ended (expired, failed).</summary>
    internal static bool Reached(IReadOnlyList<Receipt> receipts, ReceiptState state) =>
        receipts.Any(r => r.State is ReceiptState.Expired or ReceiptState.Failed || r.State == state || (r.State >= state && r.State <= ReceiptState.Read));

    private async Task RunAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            TimeSpan delay;
            try
            {
                var full = Pass(stop);
                var next = _store.NextOutboxEvent();
                delay = full ? TimeSpan.Zero
                    : next is { } at ? Clamp(at - _time.GetUtcNow(), _limits.OutboxRetryInitial / 2, _limits.OutboxRetryMax) // due ones are in flight: their end wakes us
                    : Timeout.InfiniteTimeSpan;
            }
            catch (Exception ex) when (ex is StoreException or Microsoft.Data.Sqlite.SqliteException)
            {
                delay = _limits.OutboxRetryMax / 10;
                OutboxLog.LoopFailed(_logger, delay.TotalSeconds, ex.Message);
            }

            if (delay != TimeSpan.Zero)
            {
                await WaitAsync(delay, stop).ConfigureAwait(false);
            }
        }
    }

    /// <summary>One pass: expire the overdue, start attempts for the due and the woken; true when the batch was full (go again at once).</summary>
    private bool Pass(CancellationToken stop)
    {
        var now = _time.GetUtcNow();
        IReadOnlyList<OutgoingMessage> expired;
        do
        {
            expired = _store.ExpireDue(now);
            foreach (var message in expired)
            {
                OutboxLog.Expired(_logger, message.Id.ToString(), message.Recipient, $"not stored before {message.ExpiresAt:O}");
            }

            if (expired.Count > 0)
            {
                ReceiptsChanged();
            }
        }
        while (expired.Count >= _limits.ExpireBatch && !stop.IsCancellationRequested);

        var due = _store.DueOutgoing(now, _limits.OutboxDueBatch).ToList();
        foreach (var id in _woken.Keys)
        {
            _woken.TryRemove(id, out _);
            if (due.All(m => m.Id != id) && _store.FindOutgoing(id) is { NextAttemptAt: not null } message && !(message.ExpiresAt <= now))
            {
                due.Add(message);
            }
        }

        var mine = due.Where(m => _inFlight.TryAdd(m.Id, true)).ToList();
        foreach (var group in mine.GroupBy(m => OutboxTarget.Parse(m.Recipient, out _)?.Key ?? m.Id.ToString()))
        {
            Track(Task.Run(() => AttemptGroupAsync([.. group], stop), CancellationToken.None));
        }

        return due.Count >= _limits.OutboxDueBatch;
    }

    /// <summary>Waits for a wake-up (submit, announce, an attempt ended) or <paramref name="delay"/>.</summary>
    private async Task WaitAsync(TimeSpan delay, CancellationToken stop)
    {
        using var timer = delay == Timeout.InfiniteTimeSpan ? new CancellationTokenSource() : new CancellationTokenSource(delay, _time);
        using var either = CancellationTokenSource.CreateLinkedTokenSource(stop, timer.Token);
        try
        {
            await _wake.Reader.ReadAsync(either.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // the timer fired, or we stop
        }
    }

    private void Wake() => _wake.Writer.TryWrite(true);

    private void ReceiptsChanged() => Interlocked.Exchange(ref _receiptsChanged, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    private void Track(Task attempt)
    {
        lock (_attempts)
        {
            _attempts.RemoveAll(t => t.IsCompleted);
            _attempts.Add(attempt);
        }
    }

    /// <summary>Discovery announced a node, or its address changed: messages waiting for its names or its id are tried now.</summary>
    private void OnNodeAnnounced(NodeId id, IReadOnlyList<string> names)
    {
        var woke = false;
        foreach (var key in names.Select(NameKey).Append(NodeKey(id.ToString())))
        {
            if (_waitingFor.TryRemove(key, out var ids))
            {
                foreach (var message in ids.Keys)
                {
                    woke |= _woken.TryAdd(message, true);
                }
            }
        }

        if (woke)
        {
            Wake();
        }
    }

    private void WaitFor(string key, MessageId id) => _waitingFor.GetOrAdd(key, _ => new()).TryAdd(id, true);

    private static string NameKey(string name) => $"name:{name.ToUpperInvariant()}";

    private static string NodeKey(string nodeId) => $"node:{nodeId}";

    /// <summary>At least <paramref name="least"/> (a pass while attempts run does not spin), at most <paramref name="most"/> (a clock jump is noticed).</summary>
    private static TimeSpan Clamp(TimeSpan value, TimeSpan least, TimeSpan most) => value < least ? least : value > most ? most : value;
}
