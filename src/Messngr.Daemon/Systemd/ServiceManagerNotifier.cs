namespace Messngr.Daemon.Systemd;

/// <summary>
/// What <c>messngr serve</c> tells systemd (Type=notify, sd_notify(3)) through <see cref="SdNotify"/>:
/// <c>READY=1</c> once every listener tried to bind and the names' registrations ended,
/// <c>RELOADING=1</c> … <c>READY=1</c> around a SIGHUP reload, <c>STOPPING=1</c> when the stop
/// begins, each with a short <c>STATUS=</c>; and, with <c>WatchdogSec=</c>, <c>WATCHDOG=1</c> every
/// half interval for as long as <see cref="RunWatchdogAsync"/>'s health check passes — a daemon
/// whose commit loop died stops feeding the watchdog and systemd restarts it.
/// </summary>
internal sealed class ServiceManagerNotifier(SdNotify notify, TimeProvider time)
{
    public void Ready(string status) => notify.Send($"READY=1\nSTATUS={SdNotify.StatusLine(status)}");

    public void Reloading() => notify.Send($"RELOADING=1\nMONOTONIC_USEC={SdNotify.MonotonicUsec()}\nSTATUS=reloading configuration");

    public void Stopping() => notify.Send("STOPPING=1\nSTATUS=stopping");

    /// <summary>
    /// Sends <c>WATCHDOG=1</c> every <see cref="SdNotify.WatchdogInterval"/> while <paramref name="healthy"/>
    /// holds, until <paramref name="cancellationToken"/>; returns at once when no watchdog is asked for.
    /// </summary>
    public async Task RunWatchdogAsync(Func<bool> healthy, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(healthy);
        if (notify.WatchdogInterval is not { } interval)
        {
            return;
        }

        using var timer = new PeriodicTimer(interval, time);
        try
        {
            do
            {
                if (healthy())
                {
                    notify.Send("WATCHDOG=1");
                }
            }
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException)
        {
            // stopping
        }
    }
}
