using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Messngr.Daemon.Core;

namespace Messngr.Daemon.Native;

/// <summary>
/// The TLS 1.3 mutual-authentication handshake of both roles (issue #13, item 3) over a connected
/// socket, bounded by <see cref="DaemonLimits.NativeHandshakeDeadline"/>: TLS 1.3 only (RFC 8446;
/// a TLS 1.2 peer gets protocol_version), a certificate required both ways, no revocation check
/// (self-signed node certificates have no CRL), trust decided by <see cref="ITlsPeerVerifier"/>.
/// </summary>
internal static class TlsHandshake
{
    public static Task<TlsFrameChannel> AcceptAsync(Socket socket, IPEndPoint remote, SslStreamCertificateContext certificate, ITlsPeerVerifier verifier, DaemonLimits limits, TimeProvider time, CancellationToken cancellationToken)
    {
        var check = new TlsPeerCheck(verifier, remote, TlsRole.Server, null);
        var options = new SslServerAuthenticationOptions
        {
            ServerCertificateContext = certificate,
            EnabledSslProtocols = SslProtocols.Tls13,
            ClientCertificateRequired = true,
            CertificateRevocationCheckMode = X509RevocationMode.NoCheck,

            // No resumption: OpenSSL sends its TLS 1.3 tickets before SslStream has judged the
            // client's certificate (seen with s_client and no certificate), and a resumed session
            // would carry no certificate to judge. Connections are kept instead (TlsConnectionPool).
            AllowTlsResume = false,
            RemoteCertificateValidationCallback = check.Validate,
        };
        return RunAsync(socket, remote, check, (stream, token) => stream.AuthenticateAsServerAsync(options, token), limits, time, cancellationToken);
    }

    public static Task<TlsFrameChannel> ConnectAsync(Socket socket, IPEndPoint remote, string targetHost, SslStreamCertificateContext certificate, ITlsPeerVerifier verifier, DaemonLimits limits, TimeProvider time, CancellationToken cancellationToken)
    {
        var check = new TlsPeerCheck(verifier, remote, TlsRole.Client, targetHost);
        var options = new SslClientAuthenticationOptions
        {
            TargetHost = targetHost,
            ClientCertificateContext = certificate,
            EnabledSslProtocols = SslProtocols.Tls13,
            CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
            AllowTlsResume = false,
            RemoteCertificateValidationCallback = check.Validate,
        };
        return RunAsync(socket, remote, check, (stream, token) => stream.AuthenticateAsClientAsync(options, token), limits, time, cancellationToken);
    }

    private static async Task<TlsFrameChannel> RunAsync(Socket socket, IPEndPoint remote, TlsPeerCheck check, Func<SslStream, CancellationToken, Task> authenticate, DaemonLimits limits, TimeProvider time, CancellationToken cancellationToken)
    {
        var stream = new SslStream(new NetworkStream(socket, ownsSocket: true), leaveInnerStreamOpen: false);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var timer = time.CreateTimer(static state => ((CancellationTokenSource)state!).Cancel(), deadline, limits.NativeHandshakeDeadline, Timeout.InfiniteTimeSpan);

        // A stalled peer may hold a read the token does not reach: closing the socket ends it.
        using var abort = deadline.Token.Register(static state => ((Socket)state!).Dispose(), socket);
        try
        {
            await authenticate(stream, deadline.Token).ConfigureAwait(false);
            var peer = check.Peer ?? throw new TlsChannelException(TlsChannelFailure.PeerRefused, "the peer presented no certificate");
            return new TlsFrameChannel(socket, stream, peer, remote, limits, time);
        }
        catch (Exception ex)
        {
            await stream.DisposeAsync().ConfigureAwait(false);
            check.Peer?.Dispose();
            if (ex is TlsChannelException)
            {
                throw;
            }

            if (check.Refusal is { } refusal)
            {
                throw new TlsChannelException(TlsChannelFailure.PeerRefused, $"the peer was refused: {refusal}", ex);
            }

            if (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                throw new TlsChannelException(TlsChannelFailure.HandshakeTimeout, $"the TLS handshake was not complete within {limits.NativeHandshakeDeadline.TotalSeconds:0.#} s", ex);
            }

            if (ex is OperationCanceledException)
            {
                throw;
            }

            var detail = ex.InnerException is { } inner ? $"{ex.Message} ({inner.Message})" : ex.Message;
            throw new TlsChannelException(TlsChannelFailure.HandshakeFailed, $"the TLS 1.3 handshake failed: {detail}", ex);
        }
    }
}
