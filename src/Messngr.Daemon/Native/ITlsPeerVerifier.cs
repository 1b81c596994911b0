using System.Net;
using System.Security.Cryptography.X509Certificates;

namespace Messngr.Daemon.Native;

/// <summary>
/// The trust decision of the native transport (issue #13, items 3 and 4): the TLS layer
/// (<see cref="TlsEndpointListener"/>, <see cref="TlsConnector"/>) authenticates that the peer holds
/// the private key of <c>certificate</c>; this seam decides whether that key belongs to a node we
/// trust. Certificate chain errors are ignored before it is called, because node certificates are
/// self-signed and pinned by hash as Syncthing does; validity dates, the node id derived from the
/// certificate, pinning, a workgroup CA and trust on first use are all the verifier's to judge.
/// </summary>
/// <remarks>
/// Called from inside the handshake (SslStream's RemoteCertificateValidationCallback), so it must be
/// quick and must not block on I/O. It is called once per handshake, on both roles.
/// </remarks>
internal interface ITlsPeerVerifier
{
    /// <summary>
    /// Accepts or refuses the peer that presented <paramref name="certificate"/>.
    /// </summary>
    /// <param name="certificate">The peer's leaf certificate (the peer proved it holds its key).</param>
    /// <param name="remote">The peer's address and port.</param>
    /// <param name="role">Whether we accepted the connection (the peer is a client) or opened it.</param>
    /// <param name="targetHost">
    /// When we opened the connection: the node id or address we meant to reach (the SNI we sent),
    /// so the verifier can check the certificate is that node's; null when we accepted it.
    /// </param>
    TlsPeerVerdict Verify(X509Certificate2 certificate, IPEndPoint remote, TlsRole role, string? targetHost);
}
