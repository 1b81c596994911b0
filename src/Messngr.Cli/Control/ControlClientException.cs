namespace Messngr.Cli.Control;

/// <summary>A control request that failed, with a sentence that says what happened and what to do.</summary>
internal sealed class ControlClientException : Exception
{
    public ControlClientException() { }

    public ControlClientException(string message) : base(message) { }

    public ControlClientException(string message, Exception innerException) : base(message, innerException) { }

    public ControlClientException(ControlFailure failure, string message, string? error = null, Exception? innerException = null)
        : base(message, innerException)
    {
        Failure = failure;
        Error = error;
    }

    public ControlFailure Failure { get; } = ControlFailure.Protocol;

    /// <summary>The daemon's error code (<c>Messngr.Daemon.Control.Api.ControlErrors</c>), when it sent one.</summary>
    public string? Error { get; }

    public int ExitCode => Failure switch
    {
        ControlFailure.Unavailable => ExitCodes.Unavailable,
        ControlFailure.PermissionDenied => ExitCodes.Permission,
        ControlFailure.Rejected => ExitCodes.DataError,
        ControlFailure.TimedOut or ControlFailure.TryLater => ExitCodes.TimedOut,
        _ => ExitCodes.Software,
    };
}
