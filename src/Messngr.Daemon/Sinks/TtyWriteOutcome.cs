namespace Messngr.Daemon.Sinks;

/// <summary>What happened on one terminal.</summary>
internal enum TtyWriteOutcome
{
    Written,

    /// <summary>The utmp line is not a terminal name (e.g. "../etc/passwd"); refused before any open.</summary>
    InvalidLine,

    /// <summary>open(2) failed (gone, no permission).</summary>
    OpenFailed,

    /// <summary>The device is not a terminal (isatty false): refused.</summary>
    NotATerminal,

    /// <summary>
    /// The terminal is not owned by the recipient (fstat after open): e.g. a stale utmp line
    /// whose terminal now belongs to someone else. Refused (issue #10, item 4).
    /// </summary>
    NotOwner,

    /// <summary>Group write bit off: the user ran <c>mesg n</c>.</summary>
    MessagesOff,

    /// <summary>The terminal took no output within the write timeout; skipped (possibly partly written).</summary>
    Stuck,

    /// <summary>write(2) failed.</summary>
    WriteFailed,

    /// <summary>The terminal took no output within the write timeout recently and is skipped for a while (DaemonLimits.StuckTerminalBackoff).</summary>
    Skipped,

    /// <summary>The terminal's bounded queue was full (or the daemon was stopping): not written.</summary>
    Dropped,
}

/// <summary>The outcome for one session.</summary>
internal sealed record TtyWriteResult(string Terminal, string User, TtyWriteOutcome Outcome);
