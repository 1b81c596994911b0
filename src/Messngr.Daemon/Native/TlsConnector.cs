using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Messngr.Daemon.Core;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Messngr.Daemon.Native;

/// <summary>
/// Opens native connections (issue #13, item 3): TCP connect within
/// <see cref="DaemonLimits.NativeConnectTimeout"/>, then the TLS 1.3 handshake as client with this
/// node's certificate, the server's certificate judged by the <see cref="ITlsPeerVerifier"/>.
/// </summary>
/// <remarks>
/// In TLS 1.3 the server judges the client's certificate after the client's handshake is over
/// (RFC 8446 §4.4.2): a server that refuses this node is seen as the connection ending at once
/// (<see cref="IFrameChannel.ReceiveAsync"/> returns null or throws; <see cref="IFrameChannel.IsOpen"/> turns false).
/// </remarks>
internal sealed class TlsConnector
{
    private readonly SslStreamCertificateContext _certificate;
    private readonly ITlsPeerVerifier _verifier;

    /// <param name="certificate">This node's certificate, with its private key (sent as the client certificate).</param>
    /// <param name="verifier">Decides whether the server's certificate is the node we meant to reach.</param>
    public TlsConnector(X509Certificate2 certificate, ITlsPeerVerifier verifier)
    {
        if (!certificate.HasPrivateKey)
        {
            throw new ArgumentException("the native client's certificate must carry its private key", nameof(certificate));
        }

        _certificate = SslStreamCertificateContext.Create(certificate, additionalCertificates: null, offline: true);
        _verifier = verifier;
    }

    public DaemonLimits Limits { get; init; } = DaemonLimits.Default;

    public TimeProvider Time { get; init; } = TimeProvider.System;

    public ILogger Logger { get; init; } = NullLogger.Instance;

    /// <summary>
    /// Connects to <paramref name="endPoint"/> and authenticates both ways.
    /// </summary>
    /// <param name="targetHost">The node id (or the address) we mean to reach: sent as SNI and passed to the verifier.</param>
    /// <exception cref="TlsChannelException">Connect failed or timed out, the handshake failed or timed out, or the peer was refused.</exception>
    public async Task<IFrameChannel> ConnectAsync(IPEndPoint endPoint, string targetHost, CancellationToken cancellationToken = default)
    {
        var socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            using (var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            using (Time.CreateTimer(static state => ((CancellationTokenSource)state!).Cancel(), deadline, Limits.NativeConnectTimeout, Timeout.InfiniteTimeSpan))
            {
                try
                {
                    await socket.ConnectAsync(endPoint, deadline.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
                {
                    throw new TlsChannelException(TlsChannelFailure.ConnectFailed, $"no connection to {endPoint} within {Limits.NativeConnectTimeout.TotalSeconds:0.#} s", ex);
                }
                catch (SocketException ex)
                {
                    throw new TlsChannelException(TlsChannelFailure.ConnectFailed, $"cannot connect to {endPoint}: {ex.Message}", ex);
                }
            }

            return await TlsHandshake.ConnectAsync(socket, endPoint, targetHost, _certificate, _verifier, Limits, Time, cancellationToken).ConfigureAwait(false);
        }
        catch (TlsChannelException ex)
        {
            socket.Dispose();
            TlsLog.ConnectFailed(Logger, targetHost, endPoint.ToString(), ex.Failure, ex.Message);
            throw;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
