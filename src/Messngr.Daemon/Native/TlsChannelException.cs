namespace Messngr.Daemon.Native;

/// <summary>A native connection failed; <see cref="Failure"/> says how, the message says why in words.</summary>
internal sealed class TlsChannelException : IOException
{
    public TlsChannelException(TlsChannelFailure failure, string message, Exception? inner = null)
        : base(message, inner)
    {
        Failure = failure;
    }

    public TlsChannelFailure Failure { get; }
}
