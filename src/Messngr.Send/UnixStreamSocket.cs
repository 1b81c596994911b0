using System.Runtime.InteropServices;
using System.Text;

namespace Messngr.Send;

/// <summary>
/// A blocking AF_UNIX stream socket straight from libc (socket(2), connect(2), send(2), recv(2),
/// SO_RCVTIMEO/SO_SNDTIMEO of socket(7)). Not <see cref="System.Net.Sockets.Socket"/>: its first
/// construction starts .NET's socket engine (an epoll thread, and the main thread yielding until it
/// runs) — in <c>perf</c> an eighth of a one-shot send's CPU, for a process that makes one blocking
/// request and exits (issue #15, item 8). Plain <c>DllImport</c> with blittable arguments, as the
/// rest of messngr's libc calls; Linux constants (x86-64 and arm64 alike).
/// </summary>
internal sealed class UnixStreamSocket : IDisposable
{
    private const int AfUnix = 1;
    private const int SockStream = 1;
    private const int SockCloexec = 0x80000;
    private const int SolSocket = 1;
    private const int SoRcvtimeo = 20;
    private const int SoSndtimeo = 21;
    private const int MsgNosignal = 0x4000;
    private const int Eintr = 4;

    /// <summary>EAGAIN: SO_RCVTIMEO or SO_SNDTIMEO ran out.</summary>
    public const int Eagain = 11;

    /// <summary>sizeof(sockaddr_un.sun_path) on Linux.</summary>
    private const int MaxPathBytes = 108;

    private int _fd;

    private UnixStreamSocket(int fd) => _fd = fd;

    /// <summary>Connects to <paramref name="path"/>; null with the errno when that cannot be done (no socket, refused, not permitted, a path too long).</summary>
    public static UnixStreamSocket? Connect(string path, TimeSpan timeout, out int errno)
    {
        var pathBytes = Encoding.UTF8.GetBytes(path);
        if (pathBytes.Length >= MaxPathBytes)
        {
            errno = 36; // ENAMETOOLONG
            return null;
        }

        var fd = socket(AfUnix, SockStream | SockCloexec, 0);
        if (fd < 0)
        {
            errno = Marshal.GetLastPInvokeError();
            return null;
        }

        var result = new UnixStreamSocket(fd);
        var timeval = new long[] { (long)timeout.TotalSeconds, timeout.Milliseconds * 1000L };
        _ = setsockopt(fd, SolSocket, SoRcvtimeo, timeval, 16);
        _ = setsockopt(fd, SolSocket, SoSndtimeo, timeval, 16);
        var address = new byte[2 + MaxPathBytes];
        address[0] = AfUnix; // sa_family_t, little-endian
        pathBytes.CopyTo(address, 2);
        int rc;
        do
        {
            rc = connect(fd, address, 2 + pathBytes.Length + 1);
            errno = rc < 0 ? Marshal.GetLastPInvokeError() : 0;
        }
        while (rc < 0 && errno == Eintr);

        if (rc < 0)
        {
            result.Dispose();
            return null;
        }

        return result;
    }

    /// <summary>Writes all of <paramref name="data"/>; the errno of a failed write, 0 when all went.</summary>
    public int SendAll(byte[] data)
    {
        var offset = 0;
        while (offset < data.Length)
        {
            var n = send(_fd, ref data[offset], data.Length - offset, MsgNosignal);
            if (n < 0)
            {
                var errno = Marshal.GetLastPInvokeError();
                if (errno == Eintr)
                {
                    continue;
                }

                return errno;
            }

            offset += (int)n;
        }

        return 0;
    }

    /// <summary>Reads into <paramref name="buffer"/> from <paramref name="offset"/>: the count (0 at the end), or -errno.</summary>
    public int Receive(byte[] buffer, int offset)
    {
        while (true)
        {
            var n = recv(_fd, ref buffer[offset], buffer.Length - offset, 0);
            if (n >= 0)
            {
                return (int)n;
            }

            var errno = Marshal.GetLastPInvokeError();
            if (errno != Eintr)
            {
                return -errno;
            }
        }
    }

    public void Dispose()
    {
        if (_fd >= 0)
        {
            _ = close(_fd);
            _fd = -1;
        }
    }

    [DllImport("libc", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int socket(int domain, int type, int protocol);

    [DllImport("libc", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int connect(int fd, byte[] address, int length);

    [DllImport("libc", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int setsockopt(int fd, int level, int name, long[] value, int length);

    [DllImport("libc", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern nint send(int fd, ref byte buffer, nint length, int flags);

    [DllImport("libc", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern nint recv(int fd, ref byte buffer, nint length, int flags);

    [DllImport("libc", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int close(int fd);
}
