namespace Messngr.Daemon.Store;

/// <summary>
/// The state directory and the files in it are private (issue #10, item 2). The directory is
/// 0711: other users may reach <c>control.sock</c> in it (the control API authorises by
/// SO_PEERCRED) but may not list it; every store file is 0600 from its first byte. A directory or
/// file left with looser modes (an older messngr, a careless admin) is tightened at start.
/// </summary>
internal static class StateDirectory
{
    /// <summary>rwx--x--x: the owner everything, others only the path to the socket.</summary>
    public const UnixFileMode DirectoryMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;

    /// <summary>rw-------.</summary>
    public const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private const UnixFileMode GroupOrOtherReadWrite = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.OtherRead | UnixFileMode.OtherWrite;

    /// <summary>
    /// Creates <paramref name="path"/> 0711 (whatever the umask), or removes read and write for
    /// group and others from an existing one (search permission is kept: the socket must stay
    /// reachable). True when an existing directory's mode was changed.
    /// </summary>
    public static bool Prepare(string path)
    {
        if (!OperatingSystem.IsLinux())
        {
            Directory.CreateDirectory(path);
            return false;
        }

        if (!Directory.Exists(path))
        {
            // Missing parents too, top down: each 0711 whatever the umask (077 in serve), so the
            // socket stays reachable through directories this daemon created.
            var missing = new Stack<string>();
            for (var dir = Path.GetFullPath(path); !Directory.Exists(dir); dir = Path.GetDirectoryName(dir) ?? "/")
            {
                missing.Push(dir);
            }

            while (missing.TryPop(out var dir))
            {
                Directory.CreateDirectory(dir, DirectoryMode);
                File.SetUnixFileMode(dir, DirectoryMode); // mkdir(2) applied the umask
            }

            return false;
        }

        return Tighten(path, GroupOrOtherReadWrite);
    }

    /// <summary>
    /// Makes sure <paramref name="path"/> exists as an empty 0600 file before anyone (SQLite) opens
    /// it, so its first byte is already private; an existing file loses every group and other bit.
    /// SQLite creates the -wal, -shm and -journal files with the database file's mode (os_unix.c
    /// findCreateFileMode), so they are private too.
    /// </summary>
    public static void PrivateFile(string path)
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        try
        {
            using var created = new FileStream(path, new FileStreamOptions { Mode = System.IO.FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = FileMode });
        }
        catch (IOException) when (File.Exists(path))
        {
            Tighten(path, ~FileMode & (UnixFileMode)0b111_111_111);
        }
    }

    /// <summary>Makes an existing store file (-wal, -shm left by an older messngr) 0600; true when it changed.</summary>
    public static bool TightenIfExists(string path) => OperatingSystem.IsLinux() && File.Exists(path) && Tighten(path, ~FileMode & (UnixFileMode)0b111_111_111);

    private static bool Tighten(string path, UnixFileMode bits)
    {
        var mode = File.GetUnixFileMode(path);
        if ((mode & bits) == 0)
        {
            return false;
        }

        File.SetUnixFileMode(path, mode & ~bits);
        return true;
    }
}
