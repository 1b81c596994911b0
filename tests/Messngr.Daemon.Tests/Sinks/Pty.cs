using System.Runtime.InteropServices;
using System.Text;

namespace Messngr.Daemon.Tests.Sinks;

/// <summary>A real pseudo-terminal pair (posix_openpt(3)); the test reads what the sink wrote from the master side.</summary>
internal sealed class Pty : IDisposable
{
    private const int O_RDWR = 0x2;
    private const int O_NOCTTY = 0x100;
    private const int O_NONBLOCK = 0x800;
    private const int EAGAIN = 11;

    private readonly int _master;
    private int _slave = -1;

    private Pty(int master, string line)
    {
        _master = master;
        Line = line;
    }

    /// <summary>The utmp line of the slave side, e.g. "pts/4".</summary>
    public string Line { get; }

    public string DevicePath => "/dev/" + Line;

    /// <summary>The slave's owner: grantpt(3) gives it to the real uid of the process that opened it.</summary>
    public uint OwnerUid => getuid();

    public static Pty? TryOpen()
    {
        var master = posix_openpt(O_RDWR | O_NOCTTY | O_NONBLOCK);
        if (master < 0)
        {
            return null;
        }

        var name = new byte[128];
        if (grantpt(master) != 0 || unlockpt(master) != 0 || ptsname_r(master, name, (nuint)name.Length) != 0)
        {
            _ = close(master);
            return null;
        }

        var path = Encoding.ASCII.GetString(name, 0, Array.IndexOf(name, (byte)0));
        return new Pty(master, path["/dev/".Length..]);
    }

    /// <summary>One read(2) of at most <paramref name="max"/> bytes from the master side (none when nothing is there).</summary>
    public byte[] ReadOnce(int max)
    {
        var buffer = new byte[max];
        var n = read(_master, buffer, buffer.Length);
        return n > 0 ? buffer.AsSpan(0, (int)n).ToArray() : [];
    }

    /// <summary>Everything available on the master side within <paramref name="wait"/>.</summary>
    public byte[] ReadAvailable(TimeSpan wait)
    {
        var all = new List<byte>();
        var buffer = new byte[65536];
        var deadline = DateTime.UtcNow + wait;
        while (DateTime.UtcNow < deadline)
        {
            var n = read(_master, buffer, buffer.Length);
            if (n > 0)
            {
                all.AddRange(buffer.AsSpan(0, (int)n).ToArray());
                deadline = DateTime.UtcNow + TimeSpan.FromMilliseconds(200);
                continue;
            }

            if (n < 0 && Marshal.GetLastPInvokeError() != EAGAIN)
            {
                break;
            }

            Thread.Sleep(10);
        }

        return all.ToArray();
    }

    /// <summary>
    /// Holds the slave open, as a login shell does: otherwise each close by the sink hangs the
    /// terminal up, and the master may read EIO, or lose what was written just before the close.
    /// </summary>
    public void KeepSlaveOpen()
    {
        if (_slave < 0)
        {
            _slave = open(Encoding.ASCII.GetBytes(DevicePath + "\0"), O_RDWR | O_NOCTTY);
        }
    }

    public void Dispose()
    {
        if (_slave >= 0)
        {
            _ = close(_slave);
        }

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

    [DllImport("libc", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern nint read(int fd, byte[] buf, nint count);

    [DllImport("libc", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int close(int fd);

    [DllImport("libc")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern uint getuid();

    [DllImport("libc", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int open(byte[] path, int flags);
}
