using System.Net;
using System.Net.Sockets;
using Messngr.Daemon.Messages;
using Microsoft.Extensions.Logging;
using Messngr.Daemon.Core;

namespace Messngr.Daemon.Listeners;

/// <summary>
/// TCP 139: the NetBIOS session service carrying SMB1 message commands (protocols.md §5–6).
/// An accept loop plus one owned task per connection. At most
/// <see cref="DaemonLimits.MaxSessionConnections"/> connections at once and
/// <see cref="DaemonLimits.MaxSessionConnectionsPerSource"/> from one address (TCP sources cannot be
/// spoofed, so one host cannot take every slot); more are closed at accept and counted as
/// refusedConnections. Each session is bounded in time by <see cref="SmbMessageSession"/>.
/// </summary>
internal sealed class SessionListener : IListener
{
    private readonly IPEndPoint _endPoint;
    private readonly LocalNames _names;
    private readonly MessagePipeline _pipeline;
    private readonly ListenerCounters _counters;
    private readonly ILogger _logger;
    private readonly List<Task> _sessions = [];
    private readonly ConnectionSlots<uint> _slots = new("session slots", "sessions");
    private Socket? _socket;
    private Task? _acceptLoop;
    private volatile bool _stopping;

    public SessionListener(IPEndPoint endPoint, LocalNames names, MessagePipeline pipeline, ListenerCounters counters, ILogger logger)
    {
        _endPoint = endPoint;
        _names = names;
        _pipeline = pipeline;
        _counters = counters;
        _logger = logger;
        Status = new ListenerStatus("session service", "tcp", endPoint.ToString(), false, "not started");
    }

    public ListenerStatus Status { get; private set; }

    /// <summary>Source allow list and rate limits, checked at accept and for every frame; null admits everything (tests).</summary>
    public Policy.InboundPolicy? Policy { get; init; }

    /// <summary>Connection caps, frame deadlines and timeouts (section "Session service").</summary>
    public DaemonLimits Limits { get; init; } = DaemonLimits.Default;

    /// <summary>How a connection is accepted; tests inject failures (EMFILE) here.</summary>
    internal Func<Socket, CancellationToken, ValueTask<Socket>> Accept { get; init; } = static (listener, token) => listener.AcceptAsync(token);

    /// <summary>Sessions open now.</summary>
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
        _acceptLoop = Task.Run(() => AcceptLoopAsync(socket, cancellationToken), CancellationToken.None);
    }

    private async Task AcceptLoopAsync(Socket listener, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested && !_stopping)
        {
            Socket client;
            try
            {
                client = await Accept(listener, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException || _stopping)
            {
                break;
            }
            catch (SocketException ex) when (ex.SocketErrorCode is SocketError.ConnectionAborted or SocketError.ConnectionReset)
            {
                continue; // ECONNABORTED: the peer gave up while in the backlog (accept(2))
            }
            catch (SocketException ex)
            {
                // EMFILE, ENFILE, ENOBUFS: the listener must outlive them. The pending connection
                // stays in the backlog, so wait a little instead of spinning on it.
                DaemonLog.AcceptFailed(_logger, Status.Name, ex.Message);
                try
                {
                    await Task.Delay(Limits.SessionAcceptRetryDelay, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    break;
                }

                continue;
            }

            try
            {
                Admit(client, cancellationToken);
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
            {
                client.Dispose(); // reset between accept and here: nothing to serve
            }
        }
    }

    /// <summary>Starts a session for <paramref name="client"/>, or closes it when the policy or a connection cap refuses it.</summary>
    private void Admit(Socket client, CancellationToken cancellationToken)
    {
        if (client.RemoteEndPoint is not IPEndPoint remote || (Policy is not null && !Policy.Admit(remote.Address)))
        {
            client.Dispose();
            return;
        }

        var address = remote.Address.IsIPv4MappedToIPv6 ? remote.Address.MapToIPv4() : remote.Address;
        var source = Messngr.Daemon.Policy.NetworkRange.ToUInt32(address);
        if (_slots.TryTake(source, Limits.MaxSessionConnections, Limits.MaxSessionConnectionsPerSource) is { } refusal)
        {
            _counters.CountRefusedConnection();
            DaemonLog.ConnectionRefused(_logger, remote.ToString(), refusal);
            client.LingerState = new LingerOption(true, 0); // a reset: nothing of ours lingers in TIME_WAIT
            client.Dispose();
            return;
        }

        var session = new SmbMessageSession(client, _names, _pipeline, _counters, _logger) { Policy = Policy, Limits = Limits };
        var task = RunSessionAsync(session, source, cancellationToken);
        lock (_sessions)
        {
            _sessions.RemoveAll(t => t.IsCompleted);
            _sessions.Add(task);
        }
    }

    private async Task RunSessionAsync(SmbMessageSession session, uint source, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Yield();
            await session.RunAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _slots.Release(source);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stopping = true;
        _socket?.Dispose();
        if (_acceptLoop is not null)
        {
            await _acceptLoop.ConfigureAwait(false);
        }

        Task[] sessions;
        lock (_sessions)
        {
            sessions = [.. _sessions];
        }

        await Task.WhenAll(sessions).ConfigureAwait(false);
    }
}
