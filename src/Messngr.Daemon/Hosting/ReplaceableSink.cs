using Messngr.Daemon.Core;
using Messngr.Daemon.Sinks;

namespace Messngr.Daemon.Hosting;

/// <summary>
/// One sink slot of the dispatcher (<c>tty</c> or <c>hook</c>) whose sink a reloaded configuration
/// may replace or remove (SIGHUP, issue #12, item 4) while the slot, its queue and its counter stay.
/// A delivery and a replacement never overlap: the old sink is disposed only after the last
/// delivery handed to it returned (deliveries only queue, so that is quick).
/// </summary>
internal sealed class ReplaceableSink : IMessageSink, IAsyncDisposable
{
    private readonly Lock _gate = new();
    private IMessageSink? _current;

    public ReplaceableSink(string name, IMessageSink? current)
    {
        Name = name;
        _current = current;
    }

    public string Name { get; }

    /// <summary>The sink messages go to now; null while the configuration has none.</summary>
    public IMessageSink? Current
    {
        get
        {
            lock (_gate)
            {
                return _current;
            }
        }
    }

    public ValueTask DeliverAsync(ReceivedMessage message, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return _current?.DeliverAsync(message, cancellationToken) ?? ValueTask.CompletedTask;
        }
    }

    /// <summary>Puts <paramref name="next"/> in the slot and disposes the sink it replaced (waits for its running work).</summary>
    public async Task ReplaceAsync(IMessageSink? next)
    {
        IMessageSink? previous;
        lock (_gate)
        {
            previous = _current;
            _current = next;
        }

        if (previous is IAsyncDisposable disposable)
        {
            await disposable.DisposeAsync().ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync() => await ReplaceAsync(null).ConfigureAwait(false);
}
