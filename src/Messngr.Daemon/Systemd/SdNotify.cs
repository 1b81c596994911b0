using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace Messngr.Daemon.Systemd;

/// <summary>
/// The systemd notify protocol, sd_notify(3): each state change is one datagram of
/// newline-separated <c>KEY=VALUE</c> assignments (<c>READY=1</c>, <c>STATUS=…</c>,
/// <c>RELOADING=1</c>, <c>STOPPING=1</c>, <c>WATCHDOG=1</c>) sent to the AF_UNIX socket named by
/// <c>$NOTIFY_SOCKET</c>: a file system path, or an abstract socket when it starts with <c>@</c>
/// (sd_notify(3): "if the first character of $NOTIFY_SOCKET is '@', the string is understood as
/// Linux abstract namespace socket"). <c>$WATCHDOG_USEC</c> asks for <c>WATCHDOG=1</c> at least
/// that often ("it is recommended that a daemon sends a keep-alive notification message to the
/// service manager every half of the time returned here"), and only when <c>$WATCHDOG_PID</c> is
/// unset or names this process (sd_watchdog_enabled(3)). A datagram protocol, so no library: a
/// fresh socket per message, as libsystemd's sd_notify does. Sending never throws — a service
/// manager that went away must not stop the daemon.
/// </summary>
internal sealed class SdNotify
{
    private readonly string _socketPath;

    private SdNotify(string socketPath, TimeSpan? watchdogInterval)
    {
        _socketPath = socketPath;
        WatchdogInterval = watchdogInterval;
    }

    /// <summary>How often to send <c>WATCHDOG=1</c> (half of <c>$WATCHDOG_USEC</c>); null when no watchdog is asked for.</summary>
    public TimeSpan? WatchdogInterval { get; }

    /// <summary>
    /// The notifier described by <paramref name="environment"/>, or null when <c>$NOTIFY_SOCKET</c>
    /// is unset, empty or neither an absolute path nor <c>@name</c> (sd_notify(3) ignores those too).
    /// </summary>
    public static SdNotify? FromEnvironment(IReadOnlyDictionary<string, string> environment, int processId)
    {
        ArgumentNullException.ThrowIfNull(environment);
        if (!environment.TryGetValue("NOTIFY_SOCKET", out var socket) || socket.Length < 2 || (socket[0] != '/' && socket[0] != '@'))
        {
            return null;
        }

        return new SdNotify(socket, WatchdogFrom(environment, processId));
    }

    /// <summary>sd_watchdog_enabled(3): half of <c>$WATCHDOG_USEC</c> when it is a positive number and <c>$WATCHDOG_PID</c> is unset or ours.</summary>
    private static TimeSpan? WatchdogFrom(IReadOnlyDictionary<string, string> environment, int processId)
    {
        if (!environment.TryGetValue("WATCHDOG_USEC", out var text)
            || !ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var usec) || usec == 0)
        {
            return null;
        }

        if (environment.TryGetValue("WATCHDOG_PID", out var pidText) && pidText.Length > 0
            && (!int.TryParse(pidText, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) || pid != processId))
        {
            return null;
        }

        // Microseconds to ticks (100 ns), halved; at least a millisecond, at most a day.
        var half = Math.Clamp(usec / 2, 1_000UL, 86_400_000_000UL);
        return TimeSpan.FromTicks((long)half * 10);
    }

    /// <summary>Sends one message (<c>KEY=VALUE</c> lines); false when it could not be sent.</summary>
    public bool Send(string state)
    {
        ArgumentNullException.ThrowIfNull(state);
        // An abstract name is written with a leading NUL in sun_path (unix(7)).
        var path = _socketPath[0] == '@' ? "\0" + _socketPath[1..] : _socketPath;
        try
        {
            using var socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
            socket.SendTo(Encoding.UTF8.GetBytes(state), new UnixDomainSocketEndPoint(path));
            return true;
        }
        catch (Exception ex) when (ex is SocketException or ArgumentException or ObjectDisposedException)
        {
            return false;
        }
    }

    /// <summary>A <c>STATUS=</c> value: one line (sd_notify(3) takes a single line), printable, short.</summary>
    public static string StatusLine(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var builder = new StringBuilder(Math.Min(text.Length, MaxStatusLength));
        foreach (var c in text)
        {
            if (builder.Length == MaxStatusLength)
            {
                break;
            }

            builder.Append(char.IsControl(c) ? ' ' : c);
        }

        return builder.ToString();
    }

    /// <summary><c>MONOTONIC_USEC=</c> for <c>RELOADING=1</c> (sd_notify(3), systemd 253): CLOCK_MONOTONIC in microseconds.</summary>
    public static string MonotonicUsec() =>
        (System.Diagnostics.Stopwatch.GetTimestamp() / (System.Diagnostics.Stopwatch.Frequency / 1_000_000)).ToString(CultureInfo.InvariantCulture);

    private const int MaxStatusLength = 200;
}
