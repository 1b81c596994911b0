using System.Buffers;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Messngr.Daemon.Core;

namespace Messngr.Daemon.Listeners;

/// <summary>
/// One UDP socket and its receive loop (style.md: one loop per socket, pooled buffers). A
/// subclass parses each datagram with a codec's TryParse and may answer; a datagram that does not
/// parse is dropped, counted and never answered (a reply to a spoofed datagram is an amplifier).
/// </summary>
/// <remarks>
/// Bound to one interface's unicast address, Linux delivers no broadcast to the socket (a UDP
/// socket only gets datagrams whose destination is its bound address, or any when bound to
/// 0.0.0.0). As Samba's <c>bind interfaces only</c> does (nmbd's per-subnet broadcast socket), a
/// second socket bound to that interface's subnet broadcast address (<see cref="BroadcastAddress"/>)
/// then hears the broadcasts, and only those of that subnet; its datagrams go to the same handler
/// and every reply leaves from the unicast socket, so it carries our unicast source address. Two
/// daemons on one host with different interfaces thus never fight over 0.0.0.0 — which an
/// IP_PKTINFO socket on 0.0.0.0 filtering by arrival interface would. Every bind is exclusive
/// (issue #12, item 1): different specific addresses never conflict on Linux, so those two daemons
/// coexist, while a daemon next to nmbd (0.0.0.0, SO_REUSEADDR) is told the port is in use.
/// </remarks>
internal abstract class UdpListener : IListener
{

    private readonly ILogger _logger;
    private Socket? _socket;
    private Socket? _broadcastSocket;
    private Task? _loop;
    private Task? _broadcastLoop;

    protected UdpListener(string name, IPEndPoint endPoint, ListenerCounters counters, ILogger logger)
    {
        Name = name;
        EndPoint = endPoint;
        Counters = counters;
        _logger = logger;
        Status = new ListenerStatus(name, "udp", endPoint.ToString(), false, "not started");
    }

    public string Name { get; }

    public IPEndPoint EndPoint { get; }

    public ListenerStatus Status { get; private set; }

    protected ListenerCounters Counters { get; }

    /// <summary>Source allow list and rate limits, checked before parsing; null admits everything (tests).</summary>
    public Policy.InboundPolicy? Policy { get; init; }

    /// <summary>The daemon's bounds (largest datagram read; the RPC listener's call cache).</summary>
    public DaemonLimits Limits { get; init; } = DaemonLimits.Default;

    /// <summary>
    /// The subnet broadcast address of the interface <see cref="EndPoint"/> is bound to, heard on a
    /// second socket on the same port; null when bound to 0.0.0.0 (which hears broadcasts itself)
    /// or when the interface has no broadcast address.
    /// </summary>
    public IPAddress? BroadcastAddress { get; init; }

    /// <summary>Binds and starts the loop; a bind failure is recorded in <see cref="Status"/> and logged, not thrown.</summary>
    public void Start(CancellationToken cancellationToken)
    {
        // No SO_REUSEADDR (issue #12, item 1): on Linux two UDP sockets that both set it share the
        // port (socket(7)), and .NET's ReuseAddress also sets SO_REUSEPORT; nmbd sets both, so
        // messngr would hear half of nmbd's datagrams and answer for it. Without it the bind fails
        // with EADDRINUSE next to any other socket on the port — wildcard or specific.
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            socket.EnableBroadcast = true;
            socket.Bind(EndPoint);
        }
        catch (SocketException ex)
        {
            socket.Dispose();
            Status = BindFailure.Record(Status, ex, ProtocolType.Udp, EndPoint, _logger);
            return;
        }

        _socket = socket;
        Status = Status with { Bound = true, Error = null, State = ListenerState.Bound, EndPoint = socket.LocalEndPoint?.ToString() ?? EndPoint.ToString() };
        DaemonLog.ListenerBound(_logger, Name, Status.EndPoint);
        _broadcastSocket = BindBroadcast(BoundPort);
        // A dedicated thread blocking in recvfrom(2): an async receive costs an epoll wake-up and a
        // thread-pool hop per datagram, which halved the name query rate (bench scenario 1). The
        // receive ends when DisposeAsync closes the socket — not at cancellation: the name service
        // still sends its releases from this socket while the daemon stops.
        _loop = StartLoop(socket, cancellationToken);
        if (_broadcastSocket is { } broadcastSocket)
        {
            _broadcastLoop = StartLoop(broadcastSocket, cancellationToken);
        }
    }

    private Task StartLoop(Socket socket, CancellationToken cancellationToken) =>
        Task.Factory.StartNew(() => ReceiveLoop(socket, cancellationToken), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    /// <summary>
    /// The receive-only socket on <see cref="BroadcastAddress"/>:<paramref name="port"/>, or null
    /// when there is none or it cannot be bound (logged: the listener still serves unicast).
    /// </summary>
    private Socket? BindBroadcast(int port)
    {
        if (BroadcastAddress is not { } broadcast || EndPoint.Address.Equals(IPAddress.Any))
        {
            return null;
        }

        // Exclusive too: two daemons on different subnets bind different broadcast addresses.
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            socket.Bind(new IPEndPoint(broadcast, port));
            DaemonLog.BroadcastBound(_logger, Name, $"{broadcast}:{port}");
            return socket;
        }
        catch (SocketException ex)
        {
            socket.Dispose();
            DaemonLog.BroadcastBindFailed(_logger, Name, $"{broadcast}:{port}", ex.Message);
            return null;
        }
    }

    /// <summary>The bound port (useful when bound to port 0 in tests).</summary>
    public int BoundPort => (_socket?.LocalEndPoint as IPEndPoint)?.Port ?? 0;

    /// <summary>Largest datagram read (a longer one is truncated by the kernel and fails to parse).</summary>
    protected virtual int MaxDatagram => Limits.MaxDatagram;

    /// <summary>Handles one datagram. Replies go through <see cref="Reply"/>.</summary>
    protected abstract void Handle(ReadOnlySpan<byte> datagram, IPEndPoint from);

    protected void Reply(ReadOnlySpan<byte> bytes, IPEndPoint to)
    {
        try
        {
            _socket?.SendTo(bytes, SocketFlags.None, to);
        }
        catch (SocketException ex)
        {
            DaemonLog.ReplyFailed(_logger, Name, to.ToString(), ex.Message);
        }
    }

    private void ReceiveLoop(Socket socket, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(MaxDatagram);
        var any = new IPEndPoint(IPAddress.Any, 0);
        // Received into a reused SocketAddress: a datagram the policy refuses (a flood) allocates
        // nothing; the IPEndPoint is built only for admitted ones.
        var from = new SocketAddress(AddressFamily.InterNetwork);
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                int received;
                try
                {
                    received = socket.ReceiveFrom(buffer.AsSpan(0, MaxDatagram), SocketFlags.None, from);
                }
                catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException
                    || (ex is SocketException se && se.SocketErrorCode is SocketError.OperationAborted or SocketError.Interrupted))
                {
                    break; // shutdown: the socket was closed under the pending receive
                }
                catch (SocketException ex) when (ex.SocketErrorCode is SocketError.ConnectionReset or SocketError.MessageSize)
                {
                    continue; // ICMP port unreachable from an earlier reply, or an oversized datagram
                }

                if (cancellationToken.IsCancellationRequested)
                {
                    break; // stopping: nothing more is handled; DisposeAsync closes the socket
                }

                Counters.CountReceived();
                if (Policy is not null && !Policy.Admit(Ipv4Source(from)))
                {
                    continue; // refused and counted by the policy, never answered
                }

                var source = (IPEndPoint)any.Create(from);
                try
                {
                    Handle(buffer.AsSpan(0, received), source);
                }
                catch (Exception ex)
                {
                    // A handler bug must not stop the listener; it is logged with the listener's name.
                    DaemonLog.HandlerFailed(_logger, Name, ex);
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>The IPv4 source of a received datagram in host order: sin_addr, bytes 4-7 of the sockaddr_in (network order).</summary>
    private static uint Ipv4Source(SocketAddress address) =>
        (uint)((address[4] << 24) | (address[5] << 16) | (address[6] << 8) | address[7]);

    public async ValueTask DisposeAsync()
    {
        _socket?.Dispose();
        _broadcastSocket?.Dispose();
        foreach (var loop in new[] { _loop, _broadcastLoop })
        {
            if (loop is not null)
            {
                await loop.ConfigureAwait(false);
            }
        }
    }
}
