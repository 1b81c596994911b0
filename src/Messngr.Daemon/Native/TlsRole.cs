namespace Messngr.Daemon.Native;

/// <summary>Which end of a native connection we are.</summary>
internal enum TlsRole
{
    /// <summary>We accepted the connection; the peer is the TLS client.</summary>
    Server,

    /// <summary>We opened the connection; the peer is the TLS server.</summary>
    Client,
}
