using Messngr.Daemon.Core;
using Messngr.Daemon.Quiet;

namespace Messngr.Daemon.Control;

/// <summary>
/// The message stream of a display (<c>GET /v1/listen?display=NAME</c>: the desktop agent, the web
/// page; issue #14, item 3): while the user is quiet (<see cref="QuietHours"/>) messages that are
/// not critical are held — stored as always, not written, no displayed receipt — and critical ones
/// go out at once. When quiet ends (dnd off, its time passed, the window closed) the held ones are
/// written from the store in arrival (seq) order, then new ones follow. Where holding started is
/// kept per display (<see cref="HeldMarks"/>), so a restart while quiet loses nothing: the display
/// reconnects and gets them when quiet ends.
/// </summary>
internal sealed class ControlDisplayStream
{
    private readonly IDaemonControl _control;
    private readonly QuietHours _quiet;
    private readonly uint _uid;
    private readonly string _display;
    private readonly DaemonLimits _limits;
    private readonly Func<StoredMessage, CancellationToken, Task> _write;
    private long? _heldFrom;

    /// <summary>Highest seq written by a release: the same message arriving from the feed afterwards is not written twice.</summary>
    private long _released;

    public ControlDisplayStream(IDaemonControl control, QuietHours quiet, uint uid, string display, DaemonLimits limits, Func<StoredMessage, CancellationToken, Task> write)
    {
        _control = control;
        _quiet = quiet;
        _uid = uid;
        _display = display;
        _limits = limits;
        _write = write;
    }

    /// <summary>
    /// A move of the feed still under way when <see cref="RunAsync"/> left (it waited for the end of
    /// quiet meanwhile): the caller cancels the subscription and awaits this before disposing it.
    /// </summary>
    public Task? Pending { get; private set; }

    /// <summary>Runs until <paramref name="messages"/> ends or <paramref name="token"/> is cancelled.</summary>
    public async Task RunAsync(IAsyncEnumerator<StoredMessage> messages, CancellationToken token)
    {
        Task<bool>? next = null;
        try
        {
            await RunAsync(messages, () => next, task => next = task, token).ConfigureAwait(false);
        }
        finally
        {
            Pending = next is { IsCompleted: false } ? next : null;
        }
    }

    private async Task RunAsync(IAsyncEnumerator<StoredMessage> messages, Func<Task<bool>?> pending, Action<Task<bool>?> setPending, CancellationToken token)
    {
        _heldFrom = _quiet.Held.HeldFrom(_uid, _display);
        while (true)
        {
            var next = pending();
            var changed = _quiet.Store.Changed;
            var status = _quiet.StatusOf(_uid);
            if (_heldFrom is not null && !status.IsQuiet)
            {
                await ReleaseAsync(token).ConfigureAwait(false);
            }

            if (next is null)
            {
                next = messages.MoveNextAsync().AsTask();
                setPending(next);
            }

            if (_heldFrom is not null)
            {
                using var wake = CancellationTokenSource.CreateLinkedTokenSource(token);
                var wait = status.EndsAt is { } end && end - _quiet.Now < _limits.QuietRecheckInterval ? end - _quiet.Now : _limits.QuietRecheckInterval;
                var timer = Task.Delay(wait < TimeSpan.Zero ? TimeSpan.Zero : wait, _quiet.Time, wake.Token);
                var first = await Task.WhenAny(next, changed, timer).ConfigureAwait(false);
                await wake.CancelAsync().ConfigureAwait(false);
                if (first != next)
                {
                    token.ThrowIfCancellationRequested();
                    continue;
                }
            }

            if (!await next.ConfigureAwait(false))
            {
                return;
            }

            setPending(null);
            var stored = messages.Current;
            if (!ControlAuthorization.MayReadMessage(stored.Message, _uid) || stored.Id <= _released)
            {
                continue;
            }

            if (HeldRelease.IsHeld(stored.Message))
            {
                if (_quiet.StatusOf(_uid).IsQuiet)
                {
                    Hold(stored);
                    continue;
                }

                if (_heldFrom is not null)
                {
                    // Quiet ended just now: the held ones first, this one among them (it is stored).
                    await ReleaseAsync(token).ConfigureAwait(false);
                    if (stored.Id <= _released)
                    {
                        continue;
                    }
                }
            }

            await _write(stored, token).ConfigureAwait(false);
        }
    }

    private void Hold(StoredMessage stored)
    {
        if (_heldFrom is null || stored.Id < _heldFrom)
        {
            _heldFrom = stored.Id;
            _quiet.Held.MarkHeld(_uid, _display, stored.Id);
        }
    }

    /// <summary>Writes the held messages from the store, oldest first (the newest <see cref="DaemonLimits.QuietReleaseMax"/>), then forgets the mark.</summary>
    private async Task ReleaseAsync(CancellationToken token)
    {
        var from = _heldFrom ?? long.MaxValue;
        var limit = HeldRelease.HistoryLimit(_limits);
        IReadOnlyList<StoredMessage> history;
        try
        {
            history = _control.History(_uid, limit);
        }
        catch (StoreException)
        {
            // The store is failing: keep holding and try again at the next wake.
            return;
        }

        var held = HeldRelease.Select(history, from, m => ControlAuthorization.MayReadMessage(m.Message, _uid));
        foreach (var stored in held)
        {
            await _write(stored, token).ConfigureAwait(false);
            _released = Math.Max(_released, stored.Id);
        }

        _heldFrom = null;
        _quiet.Held.Clear(_uid, _display);
    }
}
