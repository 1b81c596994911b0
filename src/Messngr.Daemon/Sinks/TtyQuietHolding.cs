using System.Globalization;
using Messngr.Daemon.Core;
using Messngr.Daemon.Quiet;
using Messngr.Daemon.Store;
using Microsoft.Extensions.Logging;

namespace Messngr.Daemon.Sinks;

/// <summary>
/// Quiet hours at the terminal (issue #14, item 3): while a user is quiet (<see cref="QuietHours"/>:
/// do not disturb, or inside their daily window) a message that is not critical
/// (<see cref="HeldRelease.IsHeld"/>) is not written to that user's terminals. It is in the store
/// (history shows it); only where holding started is kept, per uid, as the <c>tty</c> mark of
/// <see cref="HeldMarks"/> (<c>STATE_DIR/quiet/UID.held.json</c>), so a flood while quiet costs no
/// memory and a restart loses nothing. When quiet ends — dnd off, its time reached, the window
/// closed, the settings changed, or at start after the end — the held messages are read from the
/// store and written to that user's terminals in arrival order, after a line
/// "messngr: N messages held during quiet hours"; new ones for that user wait behind them. Each
/// user's release runs on its own and writes through the bounded per-terminal writers, so a stuck
/// terminal delays no other user. Another user's quiet never touches my terminals: every decision
/// is per uid of the session a message would be written to.
/// </summary>
internal sealed class TtyQuietHolding : IAsyncDisposable
{
    /// <summary>The name of the terminal's mark among the displays' (<see cref="HeldMarks"/>).</summary>
    public const string DisplayName = HeldMarks.TerminalMark;

    private readonly QuietHours _quiet;
    private readonly Func<IMessageStore?> _store;
    private readonly DaemonLimits _limits;
    private readonly ILogger _logger;
    private readonly IUserTerminals _terminals;
    private readonly Lock _gate = new();

    /// <summary>Users whose messages are held, and the seq holding started at (the mark, mirrored).</summary>
    private readonly Dictionary<uint, long> _heldFrom = [];

    /// <summary>Users whose held messages are being written, and the highest seq a message skipped meanwhile had.</summary>
    private readonly Dictionary<uint, long> _releasing = [];

    /// <summary>Highest seq a release wrote, per user: the same message arriving from the pipeline afterwards is not written twice.</summary>
    private readonly Dictionary<uint, long> _released = [];

    private readonly HashSet<Task> _releases = [];
    private readonly CancellationTokenSource _stopping = new();
    private bool _retrySoon;
    private TaskCompletionSource _kick = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Task _loop;

    /// <summary>How soon a release the store could not serve (not open yet at start, failing) is tried again.</summary>
    private static readonly TimeSpan StoreRetry = TimeSpan.FromSeconds(1);

    public TtyQuietHolding(QuietHours quiet, Func<IMessageStore?> store, IUserTerminals terminals, DaemonLimits limits, ILogger logger)
    {
        _quiet = quiet;
        _store = store;
        _terminals = terminals;
        _limits = limits;
        _logger = logger;
        foreach (var (uid, from) in quiet.Held.Holding(DisplayName, limits.TtyHeldUsersMax))
        {
            _heldFrom[uid] = from;
        }

        _loop = Task.Run(RunAsync);
    }

    /// <summary>The line written before the held messages when a release starts.</summary>
    public static string Header(int count) => string.Create(CultureInfo.InvariantCulture,
        $"messngr: {count} message{(count == 1 ? string.Empty : "s")} held during quiet hours");

    /// <summary>
    /// Whether <paramref name="message"/> (committed, just arrived) is written to the terminals of
    /// <paramref name="uid"/> now: false when it is held, or will come with a release under way.
    /// </summary>
    public bool Admit(uint uid, ReceivedMessage message)
    {
        if (message.Id <= 0)
        {
            return true; // not in the store: nothing could release it later
        }

        lock (_gate)
        {
            if (_releasing.TryGetValue(uid, out var skipped))
            {
                if (!HeldRelease.IsHeld(message))
                {
                    return true;
                }

                // The release reads the store again before it ends: this one comes in its turn.
                _releasing[uid] = Math.Max(skipped, message.Id);
                return false;
            }

            if (_released.TryGetValue(uid, out var released))
            {
                if (message.Id <= released)
                {
                    return false;
                }

                _released.Remove(uid);
            }

            if (!HeldRelease.IsHeld(message))
            {
                return true;
            }

            if (_quiet.StatusOf(uid).IsQuiet)
            {
                return !Hold(uid, message.Id);
            }

            if (_heldFrom.ContainsKey(uid))
            {
                // Quiet ended just now: the held ones first, this one among them (it is stored).
                StartRelease(uid);
                return false;
            }

            return true;
        }
    }

    /// <summary>Stops the wake loop and waits for the releases under way (each write bounded by the write timeout).</summary>
    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        Task[] releases;
        lock (_gate)
        {
            releases = [.. _releases];
        }

        await Task.WhenAll(releases).ConfigureAwait(false);
        _stopping.Dispose();
    }

    // Under _gate. False when the user cannot be held (too many users holding: fails open, shown as before).
    private bool Hold(uint uid, long seq)
    {
        if (_heldFrom.TryGetValue(uid, out var from))
        {
            if (seq < from)
            {
                _heldFrom[uid] = seq;
                _quiet.Held.MarkHeld(uid, DisplayName, seq);
            }

            return true;
        }

        if (_heldFrom.Count >= _limits.TtyHeldUsersMax)
        {
            TtyQuietLog.TooManyHolding(_logger, uid, _limits.TtyHeldUsersMax);
            return false;
        }

        _heldFrom[uid] = seq;
        _quiet.Held.MarkHeld(uid, DisplayName, seq);
        TtyQuietLog.Holding(_logger, uid, seq);
        // The wake loop learns when this user's quiet ends.
        Kick();
        return true;
    }

    private void Kick() => Interlocked.Exchange(ref _kick, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    // Under _gate.
    private void StartRelease(uint uid)
    {
        if (_releasing.ContainsKey(uid) || !_heldFrom.TryGetValue(uid, out var from) || _stopping.IsCancellationRequested)
        {
            return;
        }

        _releasing[uid] = 0;
        var release = Task.Run(() => ReleaseAsync(uid, from));
        _releases.Add(release);
        _ = release.ContinueWith(t => { lock (_gate) { _releases.Remove(t); } }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    /// <summary>Wakes when a holding user's quiet may have ended: their end time, a settings change, a new hold, or every recheck interval.</summary>
    private async Task RunAsync()
    {
        var token = _stopping.Token;
        while (!token.IsCancellationRequested)
        {
            var changed = _quiet.Store.Changed;
            var kick = Volatile.Read(ref _kick).Task;
            var wait = _limits.QuietRecheckInterval;
            lock (_gate)
            {
                // A release the store could not serve is tried again after a short wait, not at once.
                var retry = _retrySoon;
                _retrySoon = false;
                if (retry)
                {
                    wait = wait < StoreRetry ? wait : StoreRetry;
                }

                foreach (var uid in _heldFrom.Keys.Where(u => !_releasing.ContainsKey(u)).ToList())
                {
                    var status = _quiet.StatusOf(uid);
                    if (!status.IsQuiet)
                    {
                        if (!retry)
                        {
                            StartRelease(uid);
                        }
                    }
                    else if (status.EndsAt is { } end && end - _quiet.Now < wait)
                    {
                        wait = end - _quiet.Now;
                    }
                }
            }

            using var wake = CancellationTokenSource.CreateLinkedTokenSource(token);
            var timer = Task.Delay(wait < TimeSpan.Zero ? TimeSpan.Zero : wait, _quiet.Time, wake.Token);
            await Task.WhenAny(changed, kick, timer).ConfigureAwait(false);
            await wake.CancelAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Writes what <paramref name="uid"/>'s terminals held, oldest first, then what arrived meanwhile; then forgets the mark.</summary>
    private async Task ReleaseAsync(uint uid, long from)
    {
        var token = _stopping.Token;
        var first = true;
        long written = 0;
        try
        {
            while (true)
            {
                if (ReadHeld(uid, from) is not { } held)
                {
                    // The store is failing or not open yet: keep holding; the wake loop tries again soon.
                    lock (_gate)
                    {
                        _releasing.Remove(uid);
                        _retrySoon = true;
                    }

                    Kick();

                    return;
                }

                var (batch, examined) = held;
                lock (_gate)
                {
                    if (batch.Count == 0 && _releasing[uid] <= examined)
                    {
                        _releasing.Remove(uid);
                        _heldFrom.Remove(uid);
                        _quiet.Held.Clear(uid, DisplayName);
                        return;
                    }
                }

                if (first && batch.Count > 0)
                {
                    TtyQuietLog.Releasing(_logger, uid, batch.Count);
                }

                foreach (var (stored, sessions) in batch)
                {
                    token.ThrowIfCancellationRequested();
                    if (_quiet.StatusOf(uid).IsQuiet)
                    {
                        // Quiet again (dnd on) while releasing: the rest waits for the next end.
                        lock (_gate)
                        {
                            _releasing.Remove(uid);
                            _heldFrom[uid] = stored.Id;
                            _quiet.Held.Clear(uid, DisplayName);
                            _quiet.Held.MarkHeld(uid, DisplayName, stored.Id);
                        }

                        return;
                    }

                    await _terminals.WriteAsync(sessions, stored, first ? Header(batch.Count) : null, null, token).ConfigureAwait(false);
                    first = false;
                    written = stored.Id;
                    lock (_gate)
                    {
                        _released[uid] = Math.Max(_released.GetValueOrDefault(uid), stored.Id);
                    }
                }

                from = Math.Max(from, examined + 1);
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping (shutdown, or a reload that rebuilds the sink): the mark moves past what was
            // written, so the rest — and only the rest — is written by the next sink or after the restart.
            lock (_gate)
            {
                _releasing.Remove(uid);
                if (written > 0)
                {
                    _heldFrom[uid] = written + 1;
                    _quiet.Held.Clear(uid, DisplayName);
                    _quiet.Held.MarkHeld(uid, DisplayName, written + 1);
                }
            }
        }
    }

    /// <summary>
    /// The held messages of <paramref name="uid"/> from <paramref name="from"/> on with the
    /// sessions each reaches now (those that reach none are passed over), and the highest seq
    /// looked at; null when the store fails.
    /// </summary>
    private (List<(StoredMessage Stored, IReadOnlyList<Users.LoggedOnUser> Sessions)> Batch, long Examined)? ReadHeld(uint uid, long from)
    {
        if (_store() is not { } store)
        {
            return null; // not open yet (the daemon is starting)
        }

        IReadOnlyList<StoredMessage> history;
        try
        {
            history = store.History(HeldRelease.HistoryLimit(_limits));
        }
        catch (StoreException ex)
        {
            TtyQuietLog.StoreFailed(_logger, uid, ex.Message);
            return null;
        }

        long released;
        lock (_gate)
        {
            released = _released.GetValueOrDefault(uid);
        }

        // History is the newest messages: every held one up to its newest seq was looked at.
        var candidates = HeldRelease.Select(history, from, m => m.Id > released);
        var examined = history.Count > 0 ? Math.Max(from - 1, history.Max(m => m.Id)) : from - 1;
        var terminals = _terminals.Sessions();
        var batch = candidates
            .Select(m => (Stored: m, Sessions: terminals.Of(uid, m.Message)))
            .Where(x => x.Sessions.Count > 0)
            .ToList();
        return (batch, examined);
    }
}
