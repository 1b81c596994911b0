using System.Runtime.InteropServices;

namespace Messngr.Daemon.Store;

/// <summary>
/// open(2), flock(2) and ftruncate(2) for <see cref="StateDirectoryLock"/>: .NET's own file opens
/// take a flock themselves (LOCK_SH, or LOCK_EX for FileShare.None) and fail on a locked file, so
/// the lock file is opened here and wrapped in a SafeFileHandle. Plain <c>DllImport</c> with
/// blittable arguments (AOT-compatible, no unsafe code).
/// </summary>
internal static class StateDirectoryNative
{
    private const int ORdWr = 0x2;
    private const int OCreat = 0x40;
    private const int OCloExec = 0x80000;

    private const int LockEx = 2;
    private const int LockNb = 4;

    /// <summary>EWOULDBLOCK (= EAGAIN) on Linux.</summary>
    public const int WouldBlock = 11;

    // asm-generic/fcntl.h: O_NOFOLLOW 0400000; arm and arm64 have their own (0100000).
    private static int ONoFollow => RuntimeInformation.ProcessArchitecture is Architecture.Arm or Architecture.Arm64 ? 0x8000 : 0x20000;

    /// <summary>
    /// open(path, O_RDWR|O_CREAT|O_NOFOLLOW|O_CLOEXEC, 0600): never through a symbolic link, never
    /// inherited by a hook's exec. Returns the fd, or -1 with <see cref="LastError"/>.
    /// </summary>
    public static int OpenPrivate(string path) =>
        open(System.Text.Encoding.UTF8.GetBytes(path + "\0"), ORdWr | OCreat | ONoFollow | OCloExec, 0x180);

    /// <summary>flock(fd, LOCK_EX|LOCK_NB): true when this open file now holds the lock.</summary>
    public static bool TryLockExclusive(SafeHandle fd) => flock(fd, LockEx | LockNb) == 0;

    public static bool Truncate(SafeHandle fd, long length) => ftruncate(fd, length) == 0;

    public static int LastError => Marshal.GetLastPInvokeError();

    [DllImport("libc", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int open(byte[] path, int flags, uint mode);

    [DllImport("libc", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int flock(SafeHandle fd, int operation);

    [DllImport("libc", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int ftruncate(SafeHandle fd, long length);
}
