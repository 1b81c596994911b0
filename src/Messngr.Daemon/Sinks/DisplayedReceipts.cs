using System.Threading.Channels;
using Messngr.Daemon.Core;
using Messngr.Daemon.Native;
using Microsoft.Extensions.Logging;

namespace Messngr.Daemon.Sinks;

/// <summary>
/// Reports <see cref="ReceiptState.Displayed"/> (docs/native-protocol.md §5.4; issue #13, item 6)
/// for a message a sink showed: the terminal sink once it wrote it to at least one terminal of its
/// recipient, the control API once a <c>listen</c> client was handed it. Showing never waits for
/// the receipt: <see cref="Offer"/> only queues (bounded by <see cref="DaemonLimits.DisplayedReceiptQueue"/>)
/// and one worker calls the reporter, so a reporter that throws, hangs or does not exist yet never
/// delays or stops a display (the bad-input rule: a stuck display never delays another). The
/// reporter is read through an accessor at each report, since the sinks are built before it.
/// A duplicate (<see cref="StoredMessage.Duplicate"/>) is never reported; the reporter itself
/// records each state once (<see cref="IReceiptReporter.Report"/> returns false the second time).
/// </summary>
internal sealed class DisplayedReceipts
{
    private readonly Func<IReceiptReporter?> _reporter;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Channel<(StoredMessage Message, DateTimeOffset At)> _queue;
    private readonly Task _worker;
    private int _overflowing;

    public DisplayedReceipts(Func<IReceiptReporter?> reporter, TimeProvider time, ILogger logger, int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _reporter = reporter;
        _time = time;
        _logger = logger;
        _queue = Channel.CreateBounded<(StoredMessage, DateTimeOffset)>(new BoundedChannelOptions(capacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait, // TryWrite fails when full: the report is dropped, never the display
        });
        _worker = Task.Run(RunAsync);
    }

    /// <summary>The message was shown now: queues its displayed receipt without waiting; false when nothing was queued.</summary>
    public bool Offer(StoredMessage stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        if (stored.Duplicate)
        {
            return false; // shown (and reported) the first time it arrived
        }

        if (_queue.Writer.TryWrite((stored, _time.GetUtcNow())))
        {
            Volatile.Write(ref _overflowing, 0);
            return true;
        }

        if (Interlocked.Exchange(ref _overflowing, 1) == 0)
        {
            DisplayedReceiptLog.QueueFull(_logger, stored.Message.MessageId.ToString());
        }

        return false;
    }

    /// <summary>No more offers: reports what is queued (as long as the reporter takes) and ends.</summary>
    public Task CompleteAsync()
    {
        _queue.Writer.TryComplete();
        return _worker;
    }

    private async Task RunAsync()
    {
        await foreach (var (stored, at) in _queue.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            Report(_reporter(), stored, ReceiptState.Displayed, at, _logger);
        }
    }

    /// <summary>
    /// Calls the reporter and never throws: false when there is none, it had the state already,
    /// or it failed (logged). The message is shown or opened whatever the receipt does.
    /// </summary>
    public static bool Report(IReceiptReporter? reporter, StoredMessage stored, ReceiptState state, DateTimeOffset at, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(stored);
        if (reporter is null || stored.Duplicate)
        {
            return false;
        }

        try
        {
            return reporter.Report(stored, state, at);
        }
#pragma warning disable CA1031 // the reporter is another part's code: whatever it throws, the message stays shown
        catch (Exception ex)
#pragma warning restore CA1031
        {
            DisplayedReceiptLog.ReportFailed(logger, ReceiptStateText.Format(state), stored.Message.MessageId.ToString(), ex);
            return false;
        }
    }
}
