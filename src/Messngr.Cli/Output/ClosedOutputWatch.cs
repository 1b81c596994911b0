using System.Runtime.InteropServices;

namespace Messngr.Cli.Output;

/// <summary>
/// Notices that nobody reads standard output any more: <c>messngr listen | head -n1</c> once
/// head has exited (issue #12, item 11). .NET ignores SIGPIPE and its console stream swallows
/// EPIPE, so a write never fails; poll(2) tells instead: the write end of a pipe whose reader
/// is gone reports POLLERR, a hung-up terminal or socket POLLHUP (pipe(7), poll(2)). A regular
/// file or /dev/null reports neither, ever. Plain <c>DllImport</c> with blittable arguments, as
/// in <c>ProcessUmask</c> (AOT, no unsafe code).
/// </summary>
internal static class ClosedOutputWatch
{
    private const int StandardOutput = 1;
    private const short PollErr = 0x008;
    private const short PollHup = 0x010;
    private const short PollNval = 0x020;
    private const int Eintr = 4;

    /// <summary>True when standard output is a pipe without a reader, a hung-up terminal or a closed socket; never blocks.</summary>
    public static bool IsClosed() => OperatingSystem.IsLinux() && Poll(0) is { } events && (events & (PollErr | PollHup | PollNval)) != 0;

    /// <summary>
    /// Calls <paramref name="onClosed"/> once standard output is closed, from a background thread
    /// that sleeps in poll(2) until then (asking for no event, only errors and hang-ups wake it).
    /// </summary>
    public static void Start(Action onClosed)
    {
        ArgumentNullException.ThrowIfNull(onClosed);
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        var thread = new Thread(() =>
        {
            while (Poll(-1) is { } events)
            {
                if ((events & (PollErr | PollHup | PollNval)) != 0)
                {
                    onClosed();
                    return;
                }
            }
        })
        {
            IsBackground = true,
            Name = "messngr stdout watch",
        };
        thread.Start();
    }

    /// <summary>The revents of standard output (0 on timeout), or null when poll(2) itself fails.</summary>
    private static short? Poll(int timeoutMilliseconds)
    {
        while (true)
        {
            var fd = new PollFd { Fd = StandardOutput, Events = 0 };
            var ready = poll(ref fd, 1, timeoutMilliseconds);
            if (ready >= 0)
            {
                return ready == 0 ? (short)0 : fd.Revents;
            }

            if (Marshal.GetLastPInvokeError() != Eintr)
            {
                return null;
            }
        }
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct PollFd
    {
        public int Fd;
        public short Events;
        public short Revents;
    }

    [DllImport("libc", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int poll(ref PollFd fds, nuint nfds, int timeout);
}
