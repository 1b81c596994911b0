using Messngr.Daemon.Core;
using Messngr.Daemon.Listeners;

namespace Messngr.Daemon.Native;

/// <summary>
/// LAN discovery as one listener of the daemon (issue #13, item 5; docs/native-protocol.md §9.1):
/// the <see cref="DiscoveryListener"/> socket, and a loop that announces at start and every
/// <see cref="Core.DaemonLimits.DiscoveryAnnounceInterval"/> (30 s) while the socket is bound,
/// and within <see cref="Core.DaemonLimits.DiscoveryNameCheckInterval"/> (1 s) of a change of
/// this node's names (<see cref="AnnounceSchedule"/>).
/// </summary>
internal sealed class DiscoveryService : IListener
{
    private readonly DiscoveryListener _listener;
    private readonly AnnounceSchedule _schedule;
    private readonly TimeSpan _check;
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _stop = new();
    private Task? _loop;

    public DiscoveryService(DiscoveryListener listener, TimeSpan interval, TimeSpan nameCheck, TimeProvider time)
    {
        _listener = listener;
        _schedule = new AnnounceSchedule(interval);
        _check = nameCheck;
        _time = time;
    }

    public ListenerStatus Status => _listener.Status;

    /// <summary>The bound UDP port (tests bind port 0).</summary>
    public int BoundPort => _listener.BoundPort;

    public void Start(CancellationToken cancellationToken)
    {
        _listener.Start(cancellationToken);
        if (_listener.Status.Bound)
        {
            var token = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stop.Token).Token;
            _loop = Task.Run(() => AnnounceLoopAsync(token), CancellationToken.None);
        }
    }

    private async Task AnnounceLoopAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(_check, _time);
        try
        {
            do
            {
                if (_schedule.Due(_time.GetUtcNow(), _listener.AnnouncedNames()))
                {
                    _listener.Announce();
                }
            }
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException)
        {
            // stopping
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_loop is not null)
        {
            await _loop.ConfigureAwait(false);
        }

        await _listener.DisposeAsync().ConfigureAwait(false);
        _stop.Dispose();
    }
}
