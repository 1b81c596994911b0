using Messngr.Daemon.Display;
using Messngr.Daemon.Messages;
using Messngr.Daemon.Sinks;
using Microsoft.Extensions.Logging;
using Messngr.Daemon.Core;

namespace Messngr.Daemon.Hosting;

/// <summary>
/// Committed messages → the log, the live feed and every sink's own queue (architecture.md data
/// flow, "Dispatcher"), right on the committing thread. Nothing here waits on a sink: each offer
/// is a TryWrite, so a stopped
/// terminal, a hung home directory or a blocked standard output never holds up the commit path
/// (issue #10, item 8).
/// </summary>
internal sealed class MessageDispatcher
{
    private readonly MessageFeed _feed;
    private readonly ILogger _logger;
    private readonly IReadOnlyList<SinkQueue> _queues;

    public MessageDispatcher(IReadOnlyList<IMessageSink> sinks, MessageFeed feed, ListenerCounters counters, DaemonLimits limits, ILogger logger)
    {
        _feed = feed;
        _logger = logger;
        _queues = [.. sinks.Select(s => new SinkQueue(s, limits.SinkQueueCapacity, counters, logger))];
    }

    /// <summary>
    /// One committed message, on the committing thread (<see cref="MessagePipeline.OnCommitted"/>):
    /// logged, published to live listeners and offered to every sink's queue; never blocks.
    /// </summary>
    public void Dispatch(StoredMessage stored)
    {
        var message = stored.Message;
        // Sender and recipient are peer-controlled: sanitised before they reach the admin's terminal.
        DaemonLog.MessageAccepted(_logger, TerminalText.SingleLine(message.From), TerminalText.SingleLine(message.To), message.Transport, message.Source, message.Text.Length);
        _feed.Publish(stored);
        foreach (var queue in _queues)
        {
            queue.TryEnqueue(message);
        }
    }

    /// <summary>After the last commit: every sink shows what it has queued, then is disposed.</summary>
    public async Task StopAsync()
    {
        await Task.WhenAll(_queues.Select(q => q.CompleteAsync())).ConfigureAwait(false);
        foreach (var sink in _queues.Select(q => q.Sink).OfType<IAsyncDisposable>())
        {
            await sink.DisposeAsync().ConfigureAwait(false);
        }
    }
}
