namespace Messngr.Daemon.Native;

/// <summary>Why a native connection failed or was closed (<see cref="TlsChannelException.Failure"/>).</summary>
internal enum TlsChannelFailure
{
    /// <summary>The TCP connection could not be made, or not within the connect timeout.</summary>
    ConnectFailed,

    /// <summary>The TLS handshake failed (no common protocol: TLS 1.2 only, no certificate, a bad record …).</summary>
    HandshakeFailed,

    /// <summary>The handshake was not complete within <c>DaemonLimits.NativeHandshakeDeadline</c>.</summary>
    HandshakeTimeout,

    /// <summary>The <see cref="ITlsPeerVerifier"/> refused the peer's certificate (the reason says why).</summary>
    PeerRefused,

    /// <summary>A length prefix above the frame limit; nothing was allocated for it.</summary>
    FrameTooLarge,

    /// <summary>The connection ended in the middle of a frame.</summary>
    Truncated,

    /// <summary>A frame was not complete within <c>DaemonLimits.NativeFrameDeadline</c> after its first byte.</summary>
    FrameDeadline,

    /// <summary>No frame either way within <c>DaemonLimits.NativeIdleTimeout</c>.</summary>
    IdleTimeout,

    /// <summary>The peer took no bytes of a frame within <c>DaemonLimits.NativeWriteTimeout</c>.</summary>
    WriteTimeout,

    /// <summary>The connection was reset or failed underneath.</summary>
    ConnectionLost,

    /// <summary>This end closed the connection.</summary>
    Closed,
}
