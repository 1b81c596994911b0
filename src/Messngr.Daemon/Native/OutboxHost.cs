namespace Messngr.Daemon.Native;

/// <summary>
/// What serve owns for native sending (issue #13, items 7 and 8): the outbox dispatcher, its sender
/// and their connection pool, closed in that order — the loop stops, GOODBYE <c>shutting-down</c>
/// goes out on kept connections, then the connections close.
/// </summary>
internal sealed class OutboxHost(OutboxDispatcher dispatcher, NativeSender sender, TlsConnectionPool pool) : IAsyncDisposable
{
    private int _disposed;

    public OutboxDispatcher Dispatcher { get; } = dispatcher;

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await Dispatcher.DisposeAsync().ConfigureAwait(false);
        sender.Dispose();
        await pool.DisposeAsync().ConfigureAwait(false);
    }
}
