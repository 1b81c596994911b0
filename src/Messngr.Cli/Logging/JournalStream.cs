using System.Globalization;
using System.Runtime.InteropServices;

namespace Messngr.Cli.Logging;

/// <summary>
/// Whether standard error goes to the systemd journal. systemd.exec(5), <c>$JOURNAL_STREAM</c>:
/// "contains the device and inode numbers of the file descriptor [connected to the journal],
/// formatted in decimal, separated by a colon"; a program should compare them with fstat(2) of
/// its standard error, because a child whose stderr was redirected inherits the variable. Without
/// <c>$JOURNAL_STREAM</c>, <c>$INVOCATION_ID</c> (set by systemd for every service) still says we
/// run under systemd.
/// </summary>
internal static class JournalStream
{
    public static bool IsStandardErrorJournal(IReadOnlyDictionary<string, string> environment) =>
        environment.TryGetValue("JOURNAL_STREAM", out var stream) && stream.Length > 0
            ? Matches(stream, StandardErrorIdentity())
            : environment.TryGetValue("INVOCATION_ID", out var invocation) && invocation.Length > 0;

    /// <summary>True when <paramref name="journalStream"/> ("DEV:INO") names <paramref name="identity"/>.</summary>
    public static bool Matches(string journalStream, (ulong Device, ulong Inode)? identity)
    {
        var parts = journalStream.Split(':');
        return identity is { } id && parts.Length == 2
            && ulong.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var device)
            && ulong.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var inode)
            && device == id.Device && inode == id.Inode;
    }

    /// <summary>st_dev and st_ino of file descriptor 2, or null when it cannot be read.</summary>
    public static (ulong Device, ulong Inode)? StandardErrorIdentity()
    {
        // statx(2) with AT_EMPTY_PATH on fd 2 (fstat): struct statx has one layout on every
        // architecture (include/uapi/linux/stat.h): stx_ino at 32, stx_dev_major/minor at 136/140.
        var buffer = new byte[256];
        if (!OperatingSystem.IsLinux() || statx(2, [0], AT_EMPTY_PATH, STATX_INO, buffer) != 0)
        {
            return null;
        }

        var inode = MemoryMarshal.Read<ulong>(buffer.AsSpan(32));
        var major = MemoryMarshal.Read<uint>(buffer.AsSpan(136));
        var minor = MemoryMarshal.Read<uint>(buffer.AsSpan(140));
        return (MakeDevice(major, minor), inode);
    }

    /// <summary>glibc's makedev(3): the dev_t that systemd prints for st_dev.</summary>
    public static ulong MakeDevice(uint major, uint minor) =>
        ((ulong)(major & 0xFFFFF000u) << 32) | ((ulong)(major & 0xFFFu) << 8)
        | ((ulong)(minor & 0xFFFFFF00u) << 12) | (minor & 0xFFu);

    private const int AT_EMPTY_PATH = 0x1000;
    private const uint STATX_INO = 0x100;

    [DllImport("libc", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int statx(int dirfd, byte[] path, int flags, uint mask, byte[] statxbuf);
}
