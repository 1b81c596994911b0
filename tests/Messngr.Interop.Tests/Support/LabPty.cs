using System.Runtime.InteropServices;
using System.Text;

namespace Messngr.Interop.Tests.Support;

/// <summary>
/// A real pseudo-terminal pair (posix_openpt(3)) standing in for a logged-on user's terminal: the
/// daemon writes to the slave (<see cref="Line"/> under /dev, found through utmp), the test reads
/// what arrived from the master. The slave stays open here, as a login shell would keep it, so the
/// daemon's close never hangs the terminal up before the master is read.
/// </summary>
internal sealed class LabPty : IDisposable
{
    private const int O_RDWR = 0x2;
    private const int O_NOCTTY = 0x100;
    private const int O_NONBLOCK = 0x800;
    private const int EAGAIN = 11;
    private const int EINTR = 4;

    private readonly int _master;
    private readonly int _slave;
    private readonly List<byte> _received = [];

    private LabPty(int master, int slave, string line)
    {
        _master = master;
        _slave = slave;
        Line = line;
    }

    /// <summary>The utmp line of the slave side, e.g. "pts/4".</summary>
    public string Line { get; }

    public string DevicePath => "/dev/" + Line;

    /// <summary>Everything read from the master so far.</summary>
    public byte[] Received => [.. _received];

    /// <summary>Opens a pair; throws when the system has no usable devpts.</summary>
    public static LabPty Open()
    {
        var master = posix_openpt(O_RDWR | O_NOCTTY | O_NONBLOCK);
        if (master < 0)
        {
            throw new InvalidOperationException($"posix_openpt failed: errno {Marshal.GetLastPInvokeError()}");
        }

        var name = new byte[128];
        if (grantpt(master) != 0 || unlockpt(master) != 0 || ptsname_r(master, name, (nuint)name.Length) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            _ = close(master);
            throw new InvalidOperationException($"grantpt/unlockpt/ptsname_r failed: errno {errno}");
        }

        var path = Encoding.ASCII.GetString(name, 0, Array.IndexOf(name, (byte)0));
        var slave = open(path, O_RDWR | O_NOCTTY);
        if (slave < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            _ = close(master);
            throw new InvalidOperationException($"cannot open {path}: errno {errno}");
        }

        return new LabPty(master, slave, path["/dev/".Length..]);
    }

    /// <summary>
    /// Gives the slave to <paramref name="user"/>, as login(1) does for a session: the daemon writes
    /// only to a terminal owned by the recipient (issue #10, item 4).
    /// </summary>
    public void GiveTo(string user)
    {
        using var chown = System.Diagnostics.Process.Start("chown", [user, DevicePath]);
        chown.WaitForExit();
        if (chown.ExitCode != 0)
        {
            throw new InvalidOperationException($"chown {user} {DevicePath} failed with {chown.ExitCode}");
        }
    }

    /// <summary>mesg(1): y sets the group write bit of the slave (rw--w----), n clears it (rw-------).</summary>
    public void Mesg(bool on)
    {
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(DevicePath, UnixFileMode.UserRead | UnixFileMode.UserWrite | (on ? UnixFileMode.GroupWrite : UnixFileMode.None));
        }
    }

    /// <summary>
    /// Reads the master until <paramref name="until"/> holds for everything received (then 300 ms more,
    /// for a straggling tail) or <paramref name="timeout"/> passes. Returns everything received.
    /// </summary>
    public byte[] ReadUntil(Func<byte[], bool> until, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        var settled = false;
        var buffer = new byte[65536];
        while (DateTime.UtcNow < deadline)
        {
            var n = read(_master, buffer, buffer.Length);
            if (n > 0)
            {
                _received.AddRange(buffer.AsSpan(0, (int)n));
                continue;
            }

            var errno = Marshal.GetLastPInvokeError();
            if (n < 0 && errno != EAGAIN && errno != EINTR)
            {
                throw new InvalidOperationException($"reading the master of {Line} failed: errno {errno}");
            }

            if (!settled && until(Received))
            {
                settled = true;
                deadline = DateTime.UtcNow + TimeSpan.FromMilliseconds(300);
            }

            Thread.Sleep(20);
        }

        return Received;
    }

    public void Dispose()
    {
        _ = close(_slave);
        _ = close(_master);
    }

    [DllImport("libc", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int posix_openpt(int flags);

    [DllImport("libc", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int grantpt(int fd);

    [DllImport("libc", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int unlockpt(int fd);

    [DllImport("libc", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int ptsname_r(int fd, byte[] buf, nuint buflen);

    [DllImport("libc", SetLastError = true, CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int open(string path, int flags);

    [DllImport("libc", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern nint read(int fd, byte[] buf, nint count);

    [DllImport("libc", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int close(int fd);
}
