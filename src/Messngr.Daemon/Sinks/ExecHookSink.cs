using System.Threading.Channels;
using Messngr.Daemon.Display;
using Microsoft.Extensions.Logging;
using Messngr.Daemon.Core;

namespace Messngr.Daemon.Sinks;

/// <summary>
/// Runs a configured program for each message — Samba's <c>message command</c> in spirit
/// (protocols.md §6.7: text in a 0600 temp file), but without its hazards: no shell, no
/// %-substitution of sender-controlled strings into a command line, fields in environment
/// variables (<see cref="HookEnvironment"/>), bounded in time and number. Delivery only queues:
/// a bounded queue of <see cref="ExecHookOptions.QueueCapacity"/> feeds
/// <see cref="ExecHookOptions.MaxConcurrent"/> owned worker tasks; when the queue is full the
/// message is dropped for this sink and counted. The text file exists while the hook runs and
/// is deleted when it exits (a hook that forks into the background must copy it first).
/// </summary>
internal sealed class ExecHookSink : IMessageSink, IAsyncDisposable
{
    private readonly ExecHookOptions _options;
    private readonly HookRunner _runner;
    private readonly ILogger _logger;
    private readonly Channel<(ReceivedMessage Message, string Id)> _queue;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task[] _workers;
    private readonly ListenerCounters? _counters;
    private long _dropped;
    private long _exited;
    private long _timedOut;
    private long _failed;
    private int _disposed;

    /// <param name="counters">Where drops are also counted for <c>messngr status</c> (<c>droppedSink.hook</c>).</param>
    public ExecHookSink(ExecHookOptions options, Users.UserAccounts accounts, ILogger logger, ListenerCounters? counters = null)
    {
        _counters = counters;
        _counters?.RegisterSink(SinkName);
        _runner = new HookRunner(options, accounts, logger);
        _options = options;
        _logger = logger;
        _queue = Channel.CreateBounded<(ReceivedMessage, string)>(new BoundedChannelOptions(options.QueueCapacity)
        {
            FullMode = BoundedChannelFullMode.Wait, // TryWrite fails when full: the drop is ours to count
            SingleWriter = false,
            SingleReader = false,
        });
        _workers = new Task[options.MaxConcurrent];
        for (var i = 0; i < _workers.Length; i++)
        {
            _workers[i] = Task.Run(WorkAsync);
        }
    }

    public const string SinkName = "hook";

    public string Name => SinkName;

    /// <summary>Messages not run because the queue was full or the daemon was stopping.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    public long Exited => Interlocked.Read(ref _exited);

    public long TimedOut => Interlocked.Read(ref _timedOut);

    public long Failed => Interlocked.Read(ref _failed);

    /// <summary>Queues the hook run; a sealed message's text file holds only its envelope (<see cref="SealedEnvelope"/>).</summary>
    public ValueTask DeliverAsync(ReceivedMessage message, CancellationToken cancellationToken)
    {
        message = SealedEnvelope.Closed(message);
        if (!_queue.Writer.TryWrite((message, message.MessageId.ToString())))
        {
            _counters?.CountSinkDropped(SinkName);
            SinkLog.HookDropped(_logger, message.Source, Interlocked.Increment(ref _dropped));
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// Stops accepting, lets queued and running hooks finish for one <see cref="ExecHookOptions.Timeout"/>,
    /// then kills what still runs, drops what still waits, and awaits every worker.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        _queue.Writer.TryComplete();
        _stopping.CancelAfter(_options.Timeout);
        await Task.WhenAll(_workers).ConfigureAwait(false);
        _stopping.Dispose();
    }

    private async Task WorkAsync()
    {
        await foreach (var (message, id) in _queue.Reader.ReadAllAsync(CancellationToken.None).ConfigureAwait(false))
        {
            if (_stopping.IsCancellationRequested)
            {
                Interlocked.Increment(ref _dropped);
                _counters?.CountSinkDropped(SinkName);
                SinkLog.HookDroppedAtShutdown(_logger, id);
                continue;
            }

            try
            {
                await RunOneAsync(message, id).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                Interlocked.Increment(ref _failed);
                SinkLog.HookCrashed(_logger, id, ex);
            }
        }
    }

    private async Task RunOneAsync(ReceivedMessage message, string id)
    {
        SinkLog.HookStarting(_logger, id, _options.Command[0]);
        var result = await _runner.RunAsync(message, id, _stopping.Token).ConfigureAwait(false);
        switch (result.Outcome)
        {
            case HookRunOutcome.Exited:
                Interlocked.Increment(ref _exited);
                SinkLog.HookExited(_logger, id, result.ExitCode ?? -1);
                break;
            case HookRunOutcome.TimedOut:
                Interlocked.Increment(ref _timedOut);
                SinkLog.HookTimedOut(_logger, id, _options.Timeout.TotalSeconds);
                break;
            default:
                Interlocked.Increment(ref _failed);
                break;
        }

        LogOutput(id, "stdout", result.StandardOutput);
        LogOutput(id, "stderr", result.StandardError);
    }

    private void LogOutput(string id, string stream, string text)
    {
        if (text.Length > 0)
        {
            var clean = TerminalText.Sanitize(text, keepNewlines: false).Trim();
            var truncated = text.Length >= _options.MaxOutputChars;
            SinkLog.HookOutput(_logger, id, stream, clean, truncated);
        }
    }
}
