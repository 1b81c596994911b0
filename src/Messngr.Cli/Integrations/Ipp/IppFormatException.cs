namespace Messngr.Cli.Integrations.Ipp;

/// <summary>A malformed IPP message: why, and at which byte of the message.</summary>
internal sealed class IppFormatException : Exception
{
    public IppFormatException()
    {
    }

    public IppFormatException(string message)
        : base(message)
    {
    }

    public IppFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public IppFormatException(IppError reason, long offset)
        : base($"malformed IPP message: {reason} at byte {offset}")
    {
        Reason = reason;
        Offset = offset;
    }

    public IppError Reason { get; }

    public long Offset { get; }
}
