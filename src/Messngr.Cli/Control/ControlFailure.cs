namespace Messngr.Cli.Control;

/// <summary>Why a control request failed; each maps to one exit code (<see cref="ControlClientException.ExitCode"/>).</summary>
internal enum ControlFailure
{
    /// <summary>No socket, nobody listening, or the daemon went away.</summary>
    Unavailable,

    /// <summary>The socket's file mode or the daemon (HTTP 403) refused our uid.</summary>
    PermissionDenied,

    /// <summary>The daemon refused the request's data (HTTP 400, 404, 409).</summary>
    Rejected,

    /// <summary>The daemon failed (HTTP 5xx) or answered something we do not understand.</summary>
    Protocol,

    /// <summary>The daemon asks to try later (HTTP 429: too many of the caller's messages wait in the outbox): exit 75.</summary>
    TryLater,

    /// <summary>The daemon did not answer within the deadline (stopped, hung): exit 75.</summary>
    TimedOut,
}
