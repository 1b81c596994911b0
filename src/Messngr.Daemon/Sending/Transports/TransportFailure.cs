namespace Messngr.Daemon.Sending.Transports;

/// <summary>
/// Ends one transport attempt early with its <see cref="TransportResult"/>. Thrown only inside a
/// sender and caught by that sender's <c>SendAsync</c>; never escapes to callers.
/// </summary>
internal sealed class TransportFailure : Exception
{
    public TransportFailure(SendOutcome outcome, string detail)
        : base(detail)
    {
        Result = new TransportResult(outcome, detail);
    }

    public TransportFailure() : this(SendOutcome.ProtocolError, "transport failure") { }

    public TransportFailure(string message) : this(SendOutcome.ProtocolError, message) { }

    public TransportFailure(string message, Exception innerException) : base(message, innerException)
    {
        Result = new TransportResult(SendOutcome.ProtocolError, message);
    }

    public TransportResult Result { get; }
}
