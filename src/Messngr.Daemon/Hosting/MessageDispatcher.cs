using Messngr.Daemon.Messages;
using Messngr.Daemon.Sinks;
using Microsoft.Extensions.Logging;
using Messngr.Daemon.Core;

namespace Messngr.Daemon.Hosting;

/// <summary>
/// Committed messages → the live feed and every sink's own queue (architecture.md data flow,
/// "Dispatcher"), right on the committing thread; the log's line is a sink too. Nothing here
/// waits on a sink: each offer is a TryAdd, so a stopped terminal, a hung home directory, a
/// blocked standard output or standard error never holds up the commit path (issue #10, item 8).
/// </summary>
internal sealed class MessageDispatcher
{
    private readonly MessageFeed _feed;
    private readonly IReadOnlyList<SinkQueue> _queues;

    public MessageDispatcher(IReadOnlyList<IMessageSink> sinks, MessageFeed feed, ListenerCounters counters, DaemonLimits limits, ILogger logger)
    {
        _feed = feed;
        IMessageSink[] all = [new AcceptedLogSink(logger), .. sinks];
        _queues = [.. all.Select(s => new SinkQueue(s, limits.SinkQueueCapacity, counters, logger))];
    }

    /// <summary>
    /// One committed message, on the committing thread (<see cref="MessagePipeline.OnCommitted"/>):
    /// published to live listeners and offered to every sink's queue (the log's line included:
    /// <see cref="AcceptedLogSink"/>); never blocks.
    /// </summary>
    public void Dispatch(StoredMessage stored)
    {
        _feed.Publish(stored);
        foreach (var queue in _queues)
        {
            queue.TryEnqueue(stored.Message);
        }
    }

    /// <summary>Each sink queue's depth, named <c>sink-NAME</c> (issue #15, item 6).</summary>
    public IEnumerable<(string Name, long Depth)> QueueDepths() => _queues.Select(q => ("sink-" + q.Sink.Name, (long)q.Depth));

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
