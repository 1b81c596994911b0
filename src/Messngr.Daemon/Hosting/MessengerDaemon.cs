using Messngr.Daemon.Listeners;
using Messngr.Daemon.Messages;
using Messngr.Daemon.Options;
using Messngr.Daemon.Sinks;
using Microsoft.Extensions.Logging;

namespace Messngr.Daemon.Hosting;

/// <summary>
/// <c>messngr serve</c>: starts every enabled listener, moves accepted messages from the bounded
/// pipeline to the sinks, and on cancellation stops the listeners and drains what was accepted.
/// Every loop is an owned task awaited at shutdown (style.md).
/// </summary>
internal sealed class MessengerDaemon
{
    private readonly ServeOptions _options;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly IReadOnlyList<IMessageSink> _sinks;
    private readonly List<IListener> _listeners = [];

    public MessengerDaemon(ServeOptions options, ILoggerFactory loggerFactory, IReadOnlyList<IMessageSink> sinks)
    {
        _options = options;
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger("messngr");
        _sinks = sinks;
        Counters = new ListenerCounters();
        Pipeline = new MessagePipeline(Counters);
        Names = LocalNames.FromOptions(options);
    }

    public ListenerCounters Counters { get; }

    public MessagePipeline Pipeline { get; }

    public LocalNames Names { get; }

    public IReadOnlyList<ListenerStatus> ListenerStatuses => _listeners.Select(l => l.Status).ToList();

    /// <summary>Completes once every listener has tried to bind (for tests and status).</summary>
    public Task Started => _started.Task;

    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        DaemonLog.Starting(_logger, _options.NetBiosName, _options.Workgroup, _options.StateDirectory);
        using var stopListeners = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _listeners.AddRange(ClassicListeners.Create(_options, Names, Pipeline, Counters, _loggerFactory));
        foreach (var listener in _listeners)
        {
            listener.Start(stopListeners.Token);
        }

        _started.TrySetResult();
        var dispatch = DispatchAsync();
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // shutdown requested
        }

        await stopListeners.CancelAsync().ConfigureAwait(false);
        foreach (var listener in _listeners)
        {
            await listener.DisposeAsync().ConfigureAwait(false);
        }

        Pipeline.Complete();
        await dispatch.ConfigureAwait(false);
        DaemonLog.Stopped(_logger);
    }

    private async Task DispatchAsync()
    {
        // Reads until the pipeline is completed at shutdown, so accepted messages are not lost.
        await foreach (var message in Pipeline.ReadAllAsync(CancellationToken.None).ConfigureAwait(false))
        {
            DaemonLog.MessageAccepted(_logger, message.From, message.To, message.Transport, message.Source, message.Text.Length);
            foreach (var sink in _sinks)
            {
                try
                {
                    await sink.DeliverAsync(message, CancellationToken.None).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is IOException or InvalidOperationException)
                {
                    DaemonLog.HandlerFailed(_logger, sink.GetType().Name, ex);
                }
            }
        }
    }
}
