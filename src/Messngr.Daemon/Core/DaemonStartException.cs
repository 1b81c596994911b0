namespace Messngr.Daemon.Core;

/// <summary>
/// The daemon cannot start: another messngr holds the state directory, or not one listener could
/// be bound. The message is one sentence for the admin; <c>messngr serve</c> prints it and exits
/// with the code of <see cref="Failure"/>.
/// </summary>
internal sealed class DaemonStartException : Exception
{
    public DaemonStartException(string message, StartFailure failure)
        : base(message) => Failure = failure;

    public DaemonStartException(string message)
        : this(message, StartFailure.InUse)
    {
    }

    public DaemonStartException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public DaemonStartException()
    {
    }

    public StartFailure Failure { get; }
}
