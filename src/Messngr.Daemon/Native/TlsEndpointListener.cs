using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Messngr.Daemon.Core;
using Messngr.Daemon.Listeners;
using Microsoft.Extensions.Logging;

namespace Messngr.Daemon.Native;

/// <summary>
/// The native transport's TCP listener (issue #13, item 3): accepts, takes a connection slot
/// (at most <see cref="DaemonLimits.MaxNativeConnections"/>, <see cref="DaemonLimits.MaxNativeConnectionsPerSource"/>
/// from one address — before the handshake, so handshakes are bounded too), runs the TLS 1.3
/// mutual-authentication handshake (<see cref="TlsHandshake"/>) and hands the authenticated
/// <see cref="IFrameChannel"/> to the handler; the channel is closed when the handler returns.
/// Bound exclusively (SO_REUSEADDR only, never SO_REUSEPORT; issue #12, item 1) and reported in
/// <see cref="Status"/>. The accept loop outlives EMFILE and ECONNABORTED.
/// </summary>
internal sealed class TlsEndpointListener : IListener
{

    private readonly IPEndPoint _endPoint;
    private readonly SslStreamCertificateContext _certificate;
    private readonly ITlsPeerVerifier _verifier;
    private readonly Func<IFrameChannel, CancellationToken, Task> _handler;
    private readonly ListenerCounters _counters;
    private readonly ILogger _logger;
    private readonly List<Task> _connections = [];
    private readonly ConnectionSlots<IPAddress> _slots = new("native connection slots", "native connections");
    private readonly CancellationTokenSource _stopping = new();
    private Socket? _socket;
    private Task? _acceptLoop;

    /// <param name="endPoint">Where to listen.</param>
    /// <param name="certificate">This node's certificate, with its private key.</param>
    /// <param name="verifier">Decides which client certificates are trusted.</param>
    /// <param name="handler">Serves one authenticated connection; the connection is closed when it returns.</param>
    public TlsEndpointListener(IPEndPoint endPoint, X509Certificate2 certificate, ITlsPeerVerifier verifier, Func<IFrameChannel, CancellationToken, Task> handler, ListenerCounters counters, ILogger logger)
    {
        if (!certificate.HasPrivateKey)
        {
            throw new ArgumentException("the native listener's certificate must carry its private key", nameof(certificate));
        }

        _endPoint = endPoint;
        _certificate = SslStreamCertificateContext.Create(certificate, additionalCertificates: null, offline: true);
        _verifier = verifier;
        _handler = handler;
        _counters = counters;
        _logger = logger;
        Status = new ListenerStatus("native transport", "tcp", endPoint.ToString(), false, "not started");
    }

    public ListenerStatus Status { get; private set; }

    /// <summary>Connection caps, handshake and frame deadlines (section "Native transport").</summary>
    public DaemonLimits Limits { get; init; } = DaemonLimits.Default;

    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>How a connection is accepted; tests inject failures (EMFILE) here.</summary>
    internal Func<Socket, CancellationToken, ValueTask<Socket>> Accept { get; init; } = static (listener, token) => listener.AcceptAsync(token);

    /// <summary>Connections open now (handshaking or authenticated).</summary>
    public int OpenConnections => _slots.Open;

    public int BoundPort => (_socket?.LocalEndPoint as IPEndPoint)?.Port ?? 0;

    public void Start(CancellationToken cancellationToken)
    {
        Socket socket;
        try
        {
            socket = ExclusiveTcpListen.Open(_endPoint);
        }
        catch (SocketException ex)
        {
            Status = BindFailure.Record(Status, ex, ProtocolType.Tcp, _endPoint, _logger);
            return;
        }

        _socket = socket;
        Status = Status with { Bound = true, Error = null, State = ListenerState.Bound, EndPoint = socket.LocalEndPoint?.ToString() ?? _endPoint.ToString() };
        DaemonLog.ListenerBound(_logger, Status.Name, Status.EndPoint);
        var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stopping.Token);
        _acceptLoop = Task.Run(() => AcceptLoopAsync(socket, linked), CancellationToken.None);
    }

    private async Task AcceptLoopAsync(Socket listener, CancellationTokenSource linked)
    {
        using var _ = linked;
        var token = linked.Token;
        while (!token.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await Accept(listener, token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException || token.IsCancellationRequested)
            {
                break;
            }
            catch (SocketException ex) when (ex.SocketErrorCode is SocketError.ConnectionAborted or SocketError.ConnectionReset)
            {
                continue; // ECONNABORTED: the peer gave up while in the backlog (accept(2))
            }
            catch (SocketException ex)
            {
                // EMFILE, ENFILE, ENOBUFS: the pending connection stays in the backlog; pause, do not spin.
                DaemonLog.AcceptFailed(_logger, Status.Name, ex.Message);
                try
                {
                    await Task.Delay(Limits.NativeAcceptRetryDelay, Time, token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    break;
                }

                continue;
            }

            try
            {
                Admit(client, token);
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
            {
                client.Dispose(); // reset between accept and here: nothing to serve
            }
        }

        // Connections end with the listener: their handlers see the token, their sockets close.
        await _stopping.CancelAsync().ConfigureAwait(false);
    }

    private void Admit(Socket client, CancellationToken cancellationToken)
    {
        if (client.RemoteEndPoint is not IPEndPoint remote)
        {
            client.Dispose();
            return;
        }

        var source = remote.Address.IsIPv4MappedToIPv6 ? remote.Address.MapToIPv4() : remote.Address;
        if (_slots.TryTake(source, Limits.MaxNativeConnections, Limits.MaxNativeConnectionsPerSource) is { } refusal)
        {
            _counters.CountRefusedConnection();
            TlsLog.ConnectionRefused(_logger, remote.ToString(), refusal);
            client.LingerState = new LingerOption(true, 0); // a reset: nothing of ours lingers in TIME_WAIT
            client.Dispose();
            return;
        }

        // Small frames (a RECEIPT is ~60 bytes) go out at once: without TCP_NODELAY, Nagle holds a
        // receipt while an earlier one is unacknowledged and the peer's delayed ACK adds up to
        // 40 ms (RFC 896, RFC 1122 §4.2.3.2) — with requests pipelined that is most answers (issue #13, perf).
        client.NoDelay = true;
        var task = RunConnectionAsync(client, remote, source, cancellationToken);
        lock (_connections)
        {
            _connections.RemoveAll(t => t.IsCompleted);
            _connections.Add(task);
        }
    }

    private async Task RunConnectionAsync(Socket client, IPEndPoint remote, IPAddress source, CancellationToken cancellationToken)
    {
        await Task.Yield();
        TlsFrameChannel? channel = null;
        try
        {
            channel = await TlsHandshake.AcceptAsync(client, remote, _certificate, _verifier, Limits, Time, cancellationToken).ConfigureAwait(false);
            using (cancellationToken.Register(static state => ((TlsFrameChannel)state!).Abort(TlsChannelFailure.Closed, "the listener stopped"), channel))
            {
                await _handler(channel, cancellationToken).ConfigureAwait(false);
            }

            if (channel.Failure is { Failure: not TlsChannelFailure.Closed } failure)
            {
                TlsLog.ConnectionClosed(_logger, remote.ToString(), failure.Failure, failure.Message);
            }
        }
        catch (TlsChannelException ex) when (ex.Failure == TlsChannelFailure.PeerRefused)
        {
            _counters.CountRefusedConnection();
            TlsLog.PeerRefused(_logger, remote.ToString(), ex.Message);
        }
        catch (TlsChannelException ex) when (channel is null)
        {
            TlsLog.HandshakeFailed(_logger, remote.ToString(), ex.Failure, ex.Message);
        }
        catch (TlsChannelException ex)
        {
            TlsLog.ConnectionClosed(_logger, remote.ToString(), ex.Failure, ex.Message);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // shutting down
        }
        catch (Exception ex)
        {
            TlsLog.HandlerFailed(_logger, remote.ToString(), ex);
        }
        finally
        {
            if (channel is not null)
            {
                await channel.DisposeAsync().ConfigureAwait(false);
            }
            else
            {
                client.Dispose();
            }

            _slots.Release(source);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        _socket?.Dispose();
        if (_acceptLoop is not null)
        {
            await _acceptLoop.ConfigureAwait(false);
        }

        Task[] connections;
        lock (_connections)
        {
            connections = [.. _connections];
        }

        await Task.WhenAll(connections).ConfigureAwait(false);
        _stopping.Dispose();
    }
}
