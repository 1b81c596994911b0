using System.Diagnostics;

namespace Messngr.Daemon.Sinks;

/// <summary>
/// The writes waiting for one terminal device: a bounded queue drained by a worker task that
/// exists only while there is work (issue #10, item 8: one stopped terminal never holds up the
/// others, nor intake). A write that timed out (<see cref="TtyWriteOutcome.Stuck"/>: Ctrl-S, a
/// suspended ssh client) puts the terminal in backoff: what waits is dropped and new messages
/// are skipped until the backoff ends, then one write is tried again.
/// </summary>
internal sealed class TerminalWriter
{
    private readonly Queue<TtyJob> _queue = new();
    private readonly Lock _gate = new();
    private readonly int _capacity;
    private readonly TimeSpan _backoff;
    private readonly Func<TtyJob, Task<TtyWriteOutcome>> _write;
    private readonly Action<TtyJob, TtyWriteOutcome> _completed;
    private Task _worker = Task.CompletedTask;
    private bool _running;
    private long _skipUntil;

    /// <param name="write">Writes one job; never throws.</param>
    /// <param name="completed">Told every job's outcome, on the worker (or the caller for immediate outcomes).</param>
    public TerminalWriter(int capacity, TimeSpan backoff, Func<TtyJob, Task<TtyWriteOutcome>> write, Action<TtyJob, TtyWriteOutcome> completed)
    {
        _capacity = capacity;
        _backoff = backoff;
        _write = write;
        _completed = completed;
    }

    /// <summary>No work queued or running, and not in backoff: the writer may be forgotten.</summary>
    public bool IsIdle
    {
        get
        {
            lock (_gate)
            {
                return !_running && _queue.Count == 0 && Stopwatch.GetTimestamp() >= _skipUntil;
            }
        }
    }

    /// <summary>The current worker (completed when idle), for shutdown.</summary>
    public Task Worker
    {
        get
        {
            lock (_gate)
            {
                return _worker;
            }
        }
    }

    /// <summary>Queues <paramref name="job"/>; when it is skipped (backoff) or dropped (queue full) it is completed at once.</summary>
    public void Enqueue(TtyJob job)
    {
        TtyWriteOutcome? refused = null;
        lock (_gate)
        {
            if (Stopwatch.GetTimestamp() < _skipUntil)
            {
                refused = TtyWriteOutcome.Skipped;
            }
            else if (_queue.Count >= _capacity)
            {
                refused = TtyWriteOutcome.Dropped;
            }
            else
            {
                _queue.Enqueue(job);
                if (!_running)
                {
                    _running = true;
                    _worker = Task.Run(DrainAsync);
                }
            }
        }

        if (refused is { } outcome)
        {
            _completed(job, outcome);
        }
    }

    private async Task DrainAsync()
    {
        while (true)
        {
            TtyJob? job;
            lock (_gate)
            {
                if (!_queue.TryDequeue(out job))
                {
                    _running = false;
                    return;
                }
            }

            var outcome = await _write(job).ConfigureAwait(false);
            _completed(job, outcome);
            if (outcome != TtyWriteOutcome.Stuck)
            {
                continue;
            }

            TtyJob[] waiting;
            lock (_gate)
            {
                _skipUntil = Stopwatch.GetTimestamp() + (long)(_backoff.TotalSeconds * Stopwatch.Frequency);
                waiting = [.. _queue];
                _queue.Clear();
            }

            foreach (var skipped in waiting)
            {
                _completed(skipped, TtyWriteOutcome.Skipped);
            }
        }
    }
}
