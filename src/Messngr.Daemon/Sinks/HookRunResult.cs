namespace Messngr.Daemon.Sinks;

/// <summary>How one hook run ended.</summary>
internal enum HookRunOutcome
{
    /// <summary>Exited by itself (any exit code).</summary>
    Exited,

    /// <summary>Still running at the timeout (or at shutdown) and killed.</summary>
    TimedOut,

    /// <summary>Could not be started (program missing, not executable) or the text file could not be written.</summary>
    Failed,
}

internal sealed record HookRunResult(HookRunOutcome Outcome, int? ExitCode, string StandardOutput, string StandardError);
