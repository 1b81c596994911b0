using System.Diagnostics;
using Messngr.Daemon.Users;
using Microsoft.Extensions.Logging;
using Microsoft.Win32.SafeHandles;
using Messngr.Daemon.Core;

namespace Messngr.Daemon.Sinks;

/// <summary>
/// Shows a message on the recipient's terminals, like write(1) and wall(1): the sessions come
/// from utmp (<see cref="ILoggedOnUsers"/>) through <see cref="RecipientResolver"/> — a name that
/// is no longer a logged-on user nor an alias reaches no terminal (fails closed; the message stays
/// in history). Each <c>/dev/&lt;line&gt;</c> must be on <see cref="TtyLine"/>'s allow-list, is
/// opened with O_WRONLY|O_NOCTTY|O_NONBLOCK|O_NOFOLLOW, and on the open descriptor must be a
/// character device, a terminal and owned by the recipient's uid; it is skipped when its group
/// write bit is off (<c>mesg n</c>). Each terminal has its own bounded queue and writer
/// (<see cref="TerminalWriter"/>): writes never block, a terminal that takes no output within
/// <see cref="TtySinkOptions.WriteTimeout"/> is skipped for <see cref="DaemonLimits.StuckTerminalBackoff"/>,
/// and every terminal write not done is counted as <c>droppedSink.tty</c> (issue #10, items 4, 8).
/// Once a message was written whole to at least one terminal it was displayed: its receipt goes
/// to <see cref="DisplayedReceipts"/>, once per message, without waiting (issue #13, item 6). A
/// sealed message is written as an envelope, never its text (<see cref="TtyMessageFormatter"/>).
/// With quiet hours (<see cref="TtyQuiet"/>) a message that arrives while the user whose terminal
/// it would reach is quiet waits (<see cref="TtyQuietHolding"/>; issue #14, item 3).
/// </summary>
internal sealed class TtySink : IMessageSink, IAsyncDisposable, IUserTerminals
{
    public const string SinkName = "tty";

    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(20);

    private readonly ILoggedOnUsers _users;
    private readonly RecipientResolver _resolver;
    private readonly TtySinkOptions _options;
    private readonly DaemonLimits _limits;
    private readonly ListenerCounters? _counters;
    private readonly ILogger _logger;
    private readonly Func<SafeFileHandle, uint, TtyWriteOutcome?> _checkDevice;
    private readonly DisplayedReceipts? _displayed;
    private readonly TtyQuietHolding? _holding;
    private readonly Reminders.CriticalReminders? _reminders;
    private readonly Dictionary<string, TerminalWriter> _writers = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _stopping = new();

    public TtySink(ILoggedOnUsers users, RecipientResolver resolver, TtySinkOptions options, ILogger logger, DaemonLimits? limits = null, ListenerCounters? counters = null, DisplayedReceipts? displayed = null, TtyQuiet? quiet = null)
        : this(users, resolver, options, logger, CheckDevice, limits, counters, displayed, quiet)
    {
    }

    /// <summary>
    /// For tests only: <paramref name="checkDevice"/> stands in for the checks on the open
    /// descriptor (character device, isatty(3), owner) so regular files can play terminals; it
    /// returns null when the device may be written, otherwise the refusal.
    /// </summary>
    internal TtySink(ILoggedOnUsers users, RecipientResolver resolver, TtySinkOptions options, ILogger logger,
        Func<SafeFileHandle, uint, TtyWriteOutcome?> checkDevice, DaemonLimits? limits = null, ListenerCounters? counters = null, DisplayedReceipts? displayed = null, TtyQuiet? quiet = null)
    {
        options.Validate();
        _users = users;
        _resolver = resolver;
        _options = options;
        _limits = limits ?? DaemonLimits.Default;
        _counters = counters;
        _logger = logger;
        _checkDevice = checkDevice;
        _displayed = displayed;
        _counters?.RegisterSink(SinkName);
        _holding = quiet is null ? null : new TtyQuietHolding(quiet.Hours, quiet.Store, this, _limits, logger);
        _reminders = quiet is not null && options.CriticalRepeat is { } every
            ? new Reminders.CriticalReminders(this, quiet.Store, quiet.Hours.Time, every, _limits, logger)
            : null;
    }

    public string Name => SinkName;

    /// <summary>Critical messages waiting to be written again until read (issue #14, item 3); for tests.</summary>
    internal int PendingReminders => _reminders?.Count ?? 0;

    /// <summary>Queues the message for every resolved terminal; returns without waiting for any of them.</summary>
    public ValueTask DeliverAsync(ReceivedMessage message, CancellationToken cancellationToken)
    {
        _ = Submit(message, wait: false, quiet: true);
        return ValueTask.CompletedTask;
    }

    /// <summary>Writes the message to every resolved terminal and says what happened on each.</summary>
    public async Task<IReadOnlyList<TtyWriteResult>> ShowAsync(ReceivedMessage message, CancellationToken cancellationToken)
    {
        var jobs = Submit(message, wait: true, quiet: false);
        var results = new List<TtyWriteResult>(jobs.Count);
        foreach (var job in jobs)
        {
            var outcome = await job.Done!.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
            results.Add(new TtyWriteResult(job.Session.Terminal, job.Session.Name, outcome));
        }

        return results;
    }

    /// <summary>Stops writing: waits for the terminal writers (each bounded by the write timeout).</summary>
    public async ValueTask DisposeAsync()
    {
        if (_reminders is not null)
        {
            await _reminders.DisposeAsync().ConfigureAwait(false);
        }

        if (_holding is not null)
        {
            await _holding.DisposeAsync().ConfigureAwait(false);
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        Task[] workers;
        lock (_gate)
        {
            workers = [.. _writers.Values.Select(w => w.Worker)];
        }

        await Task.WhenAll(workers).ConfigureAwait(false);
        _stopping.Dispose();
    }

    /// <inheritdoc/>
    public TerminalSessions Sessions() => new(_resolver, _users.Current());

    /// <inheritdoc/>
    public async Task WriteAsync(IReadOnlyList<LoggedOnUser> sessions, StoredMessage message, string? before, string? after, CancellationToken cancellationToken)
    {
        var received = message.Message with { Id = message.Id };
        var bytes = TtyMessageFormatter.Format(received, _options, before, after);
        foreach (var job in Enqueue(sessions, received, bytes, wait: true))
        {
            await job.Done!.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private List<TtyJob> Submit(ReceivedMessage message, bool wait, bool quiet)
    {
        var recipients = _resolver.Resolve(message.To, _users.Current());
        if (recipients.Sessions.Count == 0)
        {
            SinkLog.NoTerminals(_logger, recipients.Kind);
            return [];
        }

        var sessions = recipients.Sessions;
        if (quiet && _holding is { } holding)
        {
            // Each user whose terminal it reaches decides for their own terminals (issue #14, item 3).
            var admitted = new Dictionary<uint, bool>();
            sessions = [.. sessions.Where(s => admitted.TryGetValue(s.Uid, out var yes) ? yes : admitted[s.Uid] = holding.Admit(s.Uid, message))];
        }

        if (quiet && _reminders is { } reminders && message.Priority == Priority.Critical)
        {
            // Written again until read (issue #14, item 3: critical "stays until acknowledged").
            foreach (var uid in sessions.Select(s => s.Uid).Distinct())
            {
                reminders.Add(uid, message.Id);
            }
        }

        return Enqueue(sessions, message, TtyMessageFormatter.Format(message, _options), wait);
    }

    private List<TtyJob> Enqueue(IReadOnlyList<LoggedOnUser> sessions, ReceivedMessage message, byte[] bytes, bool wait)
    {
        // The pipeline passes on no duplicate (MessagePipeline): each message reaches the sink once.
        var shown = _displayed is { } displayed ? new TtyShown(() => displayed.Offer(new StoredMessage(message.Id, message))) : null;
        var jobs = new List<TtyJob>(sessions.Count);
        foreach (var session in sessions)
        {
            var done = wait ? new TaskCompletionSource<TtyWriteOutcome>(TaskCreationOptions.RunContinuationsAsynchronously) : null;
            var path = string.Empty;
            var valid = !OperatingSystem.IsWindows() && TtyLine.TryGetDevicePath(_options.DeviceRoot, session.Terminal, out path);
            var job = new TtyJob(session, path, bytes, done, shown);
            jobs.Add(job);
            if (!valid)
            {
                Completed(job, TtyWriteOutcome.InvalidLine);
            }
            else if (Writer(job.DevicePath) is { } writer)
            {
                writer.Enqueue(job);
            }
            else
            {
                Completed(job, TtyWriteOutcome.Dropped);
            }
        }

        return jobs;
    }

    /// <summary>The writer of one device; null when <see cref="DaemonLimits.MaxTerminals"/> writers are busy.</summary>
    private TerminalWriter? Writer(string devicePath)
    {
        lock (_gate)
        {
            if (_writers.TryGetValue(devicePath, out var writer))
            {
                return writer;
            }

            if (_writers.Count >= _limits.MaxTerminals)
            {
                foreach (var idle in _writers.Where(w => w.Value.IsIdle).Select(w => w.Key).ToList())
                {
                    _writers.Remove(idle);
                }

                if (_writers.Count >= _limits.MaxTerminals)
                {
                    return null;
                }
            }

            writer = new TerminalWriter(_limits.TerminalQueueCapacity, _limits.StuckTerminalBackoff, WriteAsync, Completed);
            _writers.Add(devicePath, writer);
            return writer;
        }
    }

    private void Completed(TtyJob job, TtyWriteOutcome outcome)
    {
        var (user, terminal) = (job.Session.Name, job.Session.Terminal);
        switch (outcome)
        {
            case TtyWriteOutcome.InvalidLine or TtyWriteOutcome.NotATerminal or TtyWriteOutcome.NotOwner:
                SinkLog.TtyRefused(_logger, user, terminal, outcome);
                break;
            case TtyWriteOutcome.Stuck:
                SinkLog.TtyStuck(_logger, user, terminal);
                break;
            default:
                SinkLog.TtyWritten(_logger, user, terminal, outcome);
                break;
        }

        if (outcome is TtyWriteOutcome.Stuck or TtyWriteOutcome.Skipped or TtyWriteOutcome.Dropped)
        {
            _counters?.CountSinkDropped(SinkName);
        }

        if (outcome == TtyWriteOutcome.Written)
        {
            job.Shown?.Written();
        }

        job.Done?.TrySetResult(outcome);
    }

    private async Task<TtyWriteOutcome> WriteAsync(TtyJob job)
    {
        try
        {
            return await WriteTerminalAsync(job.Session, job.DevicePath, job.Bytes, _stopping.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return TtyWriteOutcome.Dropped;
        }
    }

    private async Task<TtyWriteOutcome> WriteTerminalAsync(LoggedOnUser session, string path, byte[] bytes, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return TtyWriteOutcome.Dropped;
        }

        using var handle = SinkNative.OpenTerminalForWrite(path, out var openErrno);
        if (handle.IsInvalid)
        {
            SinkLog.TtyOpenFailed(_logger, session.Terminal, openErrno);
            return TtyWriteOutcome.OpenFailed;
        }

        if (_checkDevice(handle, session.Uid) is { } refused)
        {
            return refused;
        }

        // mesg(1): "mesg n" clears the group write bit of the terminal (write(1), wall(1) honour it).
        if ((File.GetUnixFileMode(handle) & UnixFileMode.GroupWrite) == 0)
        {
            return TtyWriteOutcome.MessagesOff;
        }

        var started = Stopwatch.GetTimestamp();
        var offset = 0;
        while (offset < bytes.Length)
        {
            var written = SinkNative.Write(handle, bytes.AsSpan(offset), out var errno);
            if (written > 0)
            {
                offset += (int)written;
                continue;
            }

            if (written < 0 && errno == SinkNative.EINTR)
            {
                continue;
            }

            if (written == 0 || errno == SinkNative.EAGAIN)
            {
                if (Stopwatch.GetElapsedTime(started) >= _options.WriteTimeout)
                {
                    return TtyWriteOutcome.Stuck;
                }

                await Task.Delay(RetryDelay, cancellationToken).ConfigureAwait(false);
                continue;
            }

            SinkLog.TtyWriteFailed(_logger, session.Terminal, errno);
            return TtyWriteOutcome.WriteFailed;
        }

        return TtyWriteOutcome.Written;
    }

    /// <summary>
    /// On the open descriptor (no race with the path): a character device (fstat S_ISCHR), a
    /// terminal (isatty) and owned by the recipient (st_uid), as login(1) leaves a user's tty.
    /// </summary>
    private static TtyWriteOutcome? CheckDevice(SafeFileHandle handle, uint recipientUid)
    {
        if (!SinkNative.TryGetOwner(handle, out var isCharacterDevice, out var owner) || !isCharacterDevice || !SinkNative.IsTerminal(handle))
        {
            return TtyWriteOutcome.NotATerminal;
        }

        return owner == recipientUid ? null : TtyWriteOutcome.NotOwner;
    }
}
