namespace Messngr.Daemon.Sinks;

/// <summary>
/// The hook's program checked once at start (and at each reload), so a typo in <c>hook</c> is a
/// configuration error then rather than a failure logged at the first message (issue #12, item 5).
/// </summary>
internal static class HookProgram
{
    private const UnixFileMode AnyExecute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;

    /// <summary>Null when <paramref name="path"/> is a file with an execute bit; otherwise what is wrong, e.g. "does not exist".</summary>
    public static string? Problem(string path)
    {
        if (Directory.Exists(path))
        {
            return "is a directory, not a program";
        }

        if (!File.Exists(path))
        {
            return "does not exist";
        }

        return OperatingSystem.IsWindows() || (File.GetUnixFileMode(path) & AnyExecute) != 0 ? null : "is not executable";
    }
}
