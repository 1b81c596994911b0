namespace Messngr.Daemon.Sinks.HookLaunch;

/// <summary>
/// The first line the daemon writes to its hook launcher (<see cref="HookLauncher"/>): the hook's
/// options, sent while the daemon is still root. The launcher takes no other settings for its whole
/// life, so the unprivileged daemon cannot later change which program runs or as whom.
/// </summary>
internal sealed record HookLaunchSettings(
    IReadOnlyList<string> Command,
    double TimeoutSeconds,
    int MaxConcurrent,
    int QueueCapacity,
    string? RunAsUser,
    string? TempDirectory,
    int MaxOutputChars,
    string SetprivPath)
{
    public static HookLaunchSettings From(ExecHookOptions options) => new(
        options.Command, options.Timeout.TotalSeconds, options.MaxConcurrent, options.QueueCapacity,
        options.RunAsUser, options.TempDirectory, options.MaxOutputChars, options.SetprivPath);

    public ExecHookOptions ToOptions() => new()
    {
        Command = Command,
        Timeout = TimeSpan.FromSeconds(TimeoutSeconds),
        MaxConcurrent = MaxConcurrent,
        QueueCapacity = QueueCapacity,
        RunAsUser = RunAsUser,
        TempDirectory = TempDirectory,
        MaxOutputChars = MaxOutputChars,
        SetprivPath = SetprivPath,
    };
}
