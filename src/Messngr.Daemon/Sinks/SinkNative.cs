using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Messngr.Daemon.Sinks;

/// <summary>
/// The libc calls the sinks need and .NET does not offer: open(2) with O_NOCTTY|O_NONBLOCK (a
/// root daemon must never acquire a user's tty as its controlling terminal nor block on a stuck
/// one), write(2) that reports EAGAIN, isatty(3), statx(2) on an open descriptor and fchown(2). Plain <c>DllImport</c> with
/// blittable arguments: AOT-compatible without unsafe code (LibraryImport would need
/// AllowUnsafeBlocks). Flag values are Linux's (asm-generic/fcntl.h; O_NOFOLLOW differs on arm).
/// </summary>
internal static class SinkNative
{
    public const int EINTR = 4;
    public const int EAGAIN = 11;

    private const int O_WRONLY = 0x1;
    private const int O_NOCTTY = 0x100;
    private const int O_APPEND = 0x400;
    private const int O_NONBLOCK = 0x800;
    private const int O_CLOEXEC = 0x80000;

    private const int AT_EMPTY_PATH = 0x1000;
    private const uint STATX_TYPE = 0x1;
    private const uint STATX_MODE = 0x2;
    private const uint STATX_UID = 0x8;
    private const int S_IFMT = 0xF000;
    private const int S_IFCHR = 0x2000;
    private const int StatxSize = 256;

    private static readonly byte[] EmptyPath = [0];

    private static int O_NOFOLLOW => RuntimeInformation.ProcessArchitecture is Architecture.Arm64 or Architecture.Arm ? 0x8000 : 0x20000;

    /// <summary>Opens a terminal for writing the way wall(1)'s ttymsg does; an invalid handle and errno on failure.</summary>
    public static SafeFileHandle OpenTerminalForWrite(string path, out int errno)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(path + "\0");
        var fd = open(bytes, O_WRONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC | O_NOFOLLOW | O_APPEND, 0);
        errno = fd < 0 ? Marshal.GetLastPInvokeError() : 0;
        return new SafeFileHandle(fd, ownsHandle: true);
    }

    /// <summary>write(2) of as much of <paramref name="data"/> as the device takes now: bytes written, or -1 and errno.</summary>
    public static long Write(SafeFileHandle handle, ReadOnlySpan<byte> data, out int errno)
    {
        errno = 0;
        if (data.IsEmpty)
        {
            return 0;
        }

        var written = (long)write(handle, ref MemoryMarshal.GetReference(data), data.Length);
        if (written < 0)
        {
            errno = Marshal.GetLastPInvokeError();
        }

        return written;
    }

    public static bool IsTerminal(SafeFileHandle handle) => isatty(handle) == 1;

    /// <summary>
    /// The file type and owner of an open descriptor (statx(2) with AT_EMPTY_PATH, i.e. fstat):
    /// false when the call fails. struct statx has the same layout on every architecture
    /// (include/uapi/linux/stat.h): stx_uid at offset 20, stx_mode at 28.
    /// </summary>
    public static bool TryGetOwner(SafeFileHandle handle, out bool isCharacterDevice, out uint uid)
    {
        isCharacterDevice = false;
        uid = 0;
        var buffer = new byte[StatxSize];
        if (statx(handle, EmptyPath, AT_EMPTY_PATH, STATX_TYPE | STATX_MODE | STATX_UID, buffer) != 0)
        {
            return false;
        }

        var mask = MemoryMarshal.Read<uint>(buffer);
        if ((mask & (STATX_TYPE | STATX_UID)) != (STATX_TYPE | STATX_UID))
        {
            return false;
        }

        var mode = MemoryMarshal.Read<ushort>(buffer.AsSpan(28));
        uid = MemoryMarshal.Read<uint>(buffer.AsSpan(20));
        isCharacterDevice = (mode & S_IFMT) == S_IFCHR;
        return true;
    }

    /// <summary>fchown(2); true on success.</summary>
    public static bool ChangeOwner(SafeFileHandle handle, uint uid, uint gid) => fchown(handle, uid, gid) == 0;

    [DllImport("libc", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int open(byte[] path, int flags, int mode);

    [DllImport("libc", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern nint write(SafeFileHandle fd, ref byte buf, nint count);

    [DllImport("libc")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int isatty(SafeFileHandle fd);

    [DllImport("libc", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int statx(SafeFileHandle dirfd, byte[] path, int flags, uint mask, byte[] statxbuf);

    [DllImport("libc", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int fchown(SafeFileHandle fd, uint owner, uint group);
}
