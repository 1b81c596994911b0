using System.Globalization;
using Messngr.Daemon.Control;
using Messngr.Daemon.Core;
using Messngr.Daemon.Sinks;
using Messngr.Daemon.Store;
using Microsoft.Extensions.Logging;

namespace Messngr.Daemon.Reminders;

/// <summary>
/// A critical message "stays until acknowledged" at the terminal (issue #14, item 3): after it was
/// written to a user's terminals it is written there again every <c>critical repeat</c>, with the
/// line "(reminder N: not yet read - messngr read ID)", until it is read — its read time is set in
/// the store by <c>messngr read ID</c>, <c>listen --ack</c>, the web page or the desktop agent —
/// at most <see cref="DaemonLimits.CriticalRepeatMax"/> times. A sealed one is written again as
/// its envelope only (<see cref="TtyMessageFormatter"/>). Only (uid, seq, count, due) is kept per
/// reminder, never the text (it is read back from the store); at most
/// <see cref="DaemonLimits.CriticalRemindersPerUser"/> per user and
/// <see cref="DaemonLimits.CriticalRemindersMax"/> in all, the oldest dropped first (logged), and
/// one loop with one timer serves them all, so a flood of critical messages costs bounded work.
/// A message that left the newest <see cref="ControlRequestHandler.MaxHistoryLimit"/>, or was
/// replaced by a later one with the same correlation key, is no longer reminded of. At start the
/// unread critical messages are taken up again from the store (<see cref="ResumeAsync"/>).
/// </summary>
internal sealed class CriticalReminders : IAsyncDisposable
{
    private readonly IUserTerminals _terminals;
    private readonly Func<IMessageStore?> _store;
    private readonly TimeProvider _time;
    private readonly TimeSpan _every;
    private readonly DaemonLimits _limits;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();

    /// <summary>Oldest first.</summary>
    private readonly List<Reminder> _pending = [];

    private readonly CancellationTokenSource _stopping = new();

    /// <summary>The first seq written since this started: messages from it on are not taken up from the store again.</summary>
    private long _firstLive = long.MaxValue;
    private TaskCompletionSource _added = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Task _loop;

    /// <summary>How often a sink built before the store opened looks for it.</summary>
    private static readonly TimeSpan StoreWait = TimeSpan.FromSeconds(1);

    public CriticalReminders(IUserTerminals terminals, Func<IMessageStore?> store, TimeProvider time, TimeSpan every, DaemonLimits limits, ILogger logger)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(every, TimeSpan.Zero);
        _terminals = terminals;
        _store = store;
        _time = time;
        _every = every;
        _limits = limits;
        _logger = logger;
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Reminders waiting (for tests and bounds).</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _pending.Count;
            }
        }
    }

    /// <summary>The line written below a reminder.</summary>
    public static string Mark(int number, MessageId id) =>
        string.Create(CultureInfo.InvariantCulture, $"(reminder {number}: not yet read - messngr read {id})");

    /// <summary>The critical message <paramref name="seq"/> was written to <paramref name="uid"/>'s terminals now.</summary>
    public void Add(uint uid, long seq) => Add(uid, seq, 0, _time.GetUtcNow() + _every, resumed: false);

    private void Add(uint uid, long seq, int sent, DateTimeOffset due, bool resumed)
    {
        if (seq <= 0 || _limits.CriticalRepeatMax <= 0)
        {
            return;
        }

        lock (_gate)
        {
            if (!resumed)
            {
                _firstLive = Math.Min(_firstLive, seq);
            }
            else if (seq >= _firstLive)
            {
                return; // arrived since the start: taken up as it was written
            }

            if (_pending.Any(r => r.Uid == uid && r.Seq == seq))
            {
                return;
            }

            if (_pending.Count(r => r.Uid == uid) >= _limits.CriticalRemindersPerUser)
            {
                Drop(_pending.First(r => r.Uid == uid), "per user");
            }

            if (_pending.Count >= _limits.CriticalRemindersMax)
            {
                Drop(_pending[0], "in all");
            }

            _pending.Add(new Reminder(uid, seq) { Sent = sent, Due = due });
        }

        Interlocked.Exchange(ref _added, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        _stopping.Dispose();
    }

    // Under _gate.
    private void Drop(Reminder reminder, string bound)
    {
        _pending.Remove(reminder);
        TtyQuietLog.ReminderDropped(_logger, reminder.Uid, reminder.Seq, bound);
    }

    private async Task RunAsync()
    {
        var token = _stopping.Token;
        try
        {
            await ResumeAsync(token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        while (!token.IsCancellationRequested)
        {
            var added = Volatile.Read(ref _added).Task;
            DateTimeOffset? next;
            lock (_gate)
            {
                next = _pending.Count == 0 ? null : _pending.Min(r => r.Due);
            }

            if (next is { } due && due <= _time.GetUtcNow())
            {
                try
                {
                    await RemindAsync(token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                continue;
            }

            using var wake = CancellationTokenSource.CreateLinkedTokenSource(token);
            var wait = next is { } at ? at - _time.GetUtcNow() : Timeout.InfiniteTimeSpan;
            var timer = Task.Delay(wait == Timeout.InfiniteTimeSpan || wait > TimeSpan.Zero ? wait : TimeSpan.Zero, _time, wake.Token);
            await Task.WhenAny(added, timer).ConfigureAwait(false);
            await wake.CancelAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// After a restart (or a reload that rebuilt the terminal sink) the reminders go on: the
    /// critical messages among the newest in the store that are not yet read and whose reminders
    /// would not all have been written by now are taken up again for the users whose terminals
    /// they reach, counting the reminders that fell due meanwhile as written. Waits for the store
    /// to open (the sinks are built before it).
    /// </summary>
    private async Task ResumeAsync(CancellationToken token)
    {
        IMessageStore? store;
        while ((store = _store()) is null)
        {
            await Task.Delay(StoreWait, _time, token).ConfigureAwait(false);
        }

        IReadOnlyList<StoredMessage> history;
        try
        {
            history = store.History(ControlRequestHandler.MaxHistoryLimit);
        }
        catch (StoreException ex)
        {
            TtyQuietLog.ReminderStoreFailed(_logger, ex.Message);
            return;
        }

        var now = _time.GetUtcNow();
        var sessions = _terminals.Sessions();
        foreach (var stored in history.Where(m => m.Message.Priority == Priority.Critical && m.Message.ReadAt is null).OrderBy(m => m.Id))
        {
            var elapsed = now - stored.Message.ReceivedAt;
            var sent = elapsed <= TimeSpan.Zero ? 0 : (int)Math.Min(int.MaxValue, elapsed.Ticks / _every.Ticks);
            if (sent >= _limits.CriticalRepeatMax)
            {
                continue;
            }

            foreach (var uid in sessions.UsersOf(stored.Message))
            {
                Add(uid, stored.Id, sent, stored.Message.ReceivedAt + (_every * (sent + 1)), resumed: true);
            }
        }
    }

    /// <summary>Writes every due reminder (one read of the store for all), each user's terminals in parallel.</summary>
    private async Task RemindAsync(CancellationToken token)
    {
        var now = _time.GetUtcNow();
        List<Reminder> due;
        lock (_gate)
        {
            due = [.. _pending.Where(r => r.Due <= now)];
        }

        Dictionary<long, StoredMessage> messages;
        try
        {
            messages = (_store()?.History(ControlRequestHandler.MaxHistoryLimit) ?? []).ToDictionary(m => m.Id);
        }
        catch (StoreException ex)
        {
            // Try again after the next interval; the messages stay unread in the store.
            TtyQuietLog.ReminderStoreFailed(_logger, ex.Message);
            lock (_gate)
            {
                due.ForEach(r => r.Due = now + _every);
            }

            return;
        }

        var writes = new List<Task>();
        var terminals = _terminals.Sessions();
        lock (_gate)
        {
            foreach (var reminder in due)
            {
                if (!messages.TryGetValue(reminder.Seq, out var stored) || stored.Message.ReadAt is not null)
                {
                    _pending.Remove(reminder); // read (acknowledged), replaced or gone
                    continue;
                }

                reminder.Sent++;
                var sessions = terminals.Of(reminder.Uid, stored.Message);
                if (sessions.Count > 0)
                {
                    writes.Add(_terminals.WriteAsync(sessions, stored, null, Mark(reminder.Sent, stored.Message.MessageId), token));
                }

                if (reminder.Sent >= _limits.CriticalRepeatMax)
                {
                    _pending.Remove(reminder);
                }
                else
                {
                    reminder.Due = now + _every;
                }
            }
        }

        await Task.WhenAll(writes).ConfigureAwait(false);
    }

    private sealed class Reminder(uint uid, long seq)
    {
        public uint Uid { get; } = uid;

        public long Seq { get; } = seq;

        /// <summary>Reminders written so far.</summary>
        public int Sent { get; set; }

        public DateTimeOffset Due { get; set; }
    }
}
