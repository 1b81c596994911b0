namespace Messngr.Daemon.Sinks;

/// <summary>
/// The exec hook (Samba's <c>message command</c>, made safe): which program runs for each
/// message, as whom, and how much of the machine it may take.
/// </summary>
internal sealed record ExecHookOptions
{
    /// <summary>argv: an absolute program path and its arguments (<see cref="HookCommandLine.Split"/>).</summary>
    public required IReadOnlyList<string> Command { get; init; }

    /// <summary>A hook still running after this is killed (with its process tree).</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Hooks running at the same time.</summary>
    public int MaxConcurrent { get; init; } = 4;

    /// <summary>Messages waiting for a free slot; more are dropped and counted.</summary>
    public int QueueCapacity { get; init; } = 64;

    /// <summary>
    /// Account the hook runs as when the daemon is root (via util-linux setpriv(1), no shell), like
    /// Samba running <c>message command</c> as the guest user. Null: the daemon's own user.
    /// </summary>
    public string? RunAsUser { get; init; }

    /// <summary>Where the 0600 text files are created (default: <see cref="Path.GetTempPath"/>).</summary>
    public string? TempDirectory { get; init; }

    /// <summary>Characters of the hook's stdout and stderr each that reach the log.</summary>
    public int MaxOutputChars { get; init; } = 2048;

    /// <summary>setpriv(1), used to drop to <see cref="RunAsUser"/>.</summary>
    public string SetprivPath { get; init; } = "/usr/bin/setpriv";

    public void Validate()
    {
        if (Command.Count == 0 || !Path.IsPathFullyQualified(Command[0]))
        {
            throw new ArgumentException("hook must start with an absolute program path", nameof(Command));
        }

        if (Timeout <= TimeSpan.Zero || Timeout > TimeSpan.FromHours(1))
        {
            throw new ArgumentException($"hook timeout must be above 0 and at most 3600 s, not {Timeout.TotalSeconds} s", nameof(Timeout));
        }

        if (MaxConcurrent is < 1 or > 64)
        {
            throw new ArgumentException($"hook concurrency must be 1..64, not {MaxConcurrent}", nameof(MaxConcurrent));
        }

        if (QueueCapacity is < 1 or > 10000)
        {
            throw new ArgumentException($"hook queue must be 1..10000, not {QueueCapacity}", nameof(QueueCapacity));
        }

        if (MaxOutputChars is < 0 or > 1024 * 1024)
        {
            throw new ArgumentException($"hook output limit must be 0..1048576, not {MaxOutputChars}", nameof(MaxOutputChars));
        }
    }
}
