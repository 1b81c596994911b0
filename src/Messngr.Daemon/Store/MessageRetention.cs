using Messngr.Daemon.Core;
using Microsoft.Extensions.Logging;

namespace Messngr.Daemon.Store;

/// <summary>
/// Keeps the store bounded (issue #10, item 10): at start and then every
/// <see cref="DaemonLimits.RetentionInterval"/> deletes the oldest messages beyond
/// <c>max messages</c> and those older than <c>max age</c>, one short transaction of at most
/// <see cref="DaemonLimits.RetentionBatch"/> rows at a time, yielding to commits between steps.
/// A failing step (disk full, corrupt) is logged and tried again at the next interval.
/// </summary>
internal sealed class MessageRetention
{
    private readonly IMessageStore _store;
    private readonly int _maxMessages;
    private readonly TimeSpan _maxAge;
    private readonly DaemonLimits _limits;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public MessageRetention(IMessageStore store, int maxMessages, TimeSpan maxAge, DaemonLimits limits, TimeProvider time, ILogger logger)
    {
        _store = store;
        _maxMessages = maxMessages;
        _maxAge = maxAge;
        _limits = limits;
        _time = time;
        _logger = logger;
    }

    /// <summary>Runs until <paramref name="cancellationToken"/> fires.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (_maxMessages <= 0 && _maxAge <= TimeSpan.Zero)
        {
            return;
        }

        while (!cancellationToken.IsCancellationRequested)
        {
            await PruneAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await Task.Delay(_limits.RetentionInterval, _time, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Steps until nothing is left to delete; returns how many messages went.</summary>
    public async Task<long> PruneAsync(CancellationToken cancellationToken)
    {
        long total = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            int deleted;
            try
            {
                deleted = _store.Prune(_time.GetUtcNow(), _maxMessages, _maxAge);
            }
            catch (Exception ex) when (ex is Microsoft.Data.Sqlite.SqliteException or IOException or InvalidOperationException)
            {
                StoreLog.RetentionFailed(_logger, ex.Message);
                break;
            }

            total += deleted;
            if (deleted < _limits.RetentionBatch)
            {
                break;
            }

            await Task.Yield();
        }

        if (total > 0)
        {
            StoreLog.Pruned(_logger, total, _maxMessages, _maxAge.TotalDays);
        }

        return total;
    }
}
