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

    /// <summary>Group write bit off: the user ran <c>mesg n</c>.</summary>
    MessagesOff,

    /// <summary>The terminal took no output within the write timeout; skipped (possibly partly written).</summary>
    Stuck,

    /// <summary>write(2) failed.</summary>
    WriteFailed,
}

/// <summary>The outcome for one session.</summary>
internal sealed record TtyWriteResult(string Terminal, string User, TtyWriteOutcome Outcome);
