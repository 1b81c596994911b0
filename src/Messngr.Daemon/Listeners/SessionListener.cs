using System.Net;
using System.Net.Sockets;
using Messngr.Daemon.Messages;
using Microsoft.Extensions.Logging;
using Messngr.Daemon.Core;

namespace Messngr.Daemon.Listeners;

/// <summary>
/// TCP 139: the NetBIOS session service carrying SMB1 message commands (protocols.md §5–6).
/// An accept loop plus one owned task per connection; at most <see cref="MaxConnections"/>
/// connections at once (more are closed at accept), each bounded by <see cref="SmbMessageSession"/>.
/// </summary>
internal sealed class SessionListener : IListener
{
    /// <summary>Concurrent sessions; a flood of connections beyond this is refused at accept.</summary>
    public const int MaxConnections = 64;

    private readonly IPEndPoint _endPoint;
    private readonly LocalNames _names;
    private readonly MessagePipeline _pipeline;
    private readonly ListenerCounters _counters;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _slots = new(MaxConnections, MaxConnections);
    private readonly List<Task> _sessions = [];
    private Socket? _socket;
    private Task? _acceptLoop;

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

    public int BoundPort => (_socket?.LocalEndPoint as IPEndPoint)?.Port ?? 0;

    public void Start(CancellationToken cancellationToken)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            socket.Bind(_endPoint);
            socket.Listen(128);
        }
        catch (SocketException ex)
        {
            socket.Dispose();
            var why = ex.SocketErrorCode switch
            {
                SocketError.AccessDenied => $"permission denied binding tcp {_endPoint} (run as root or grant CAP_NET_BIND_SERVICE)",
                SocketError.AddressAlreadyInUse => $"tcp {_endPoint} is already in use (is smbd or another messngr running?)",
                _ => $"cannot bind tcp {_endPoint}: {ex.Message}",
            };
            Status = Status with { Bound = false, Error = why };
            DaemonLog.ListenerFailed(_logger, Status.Name, why);
            return;
        }

        _socket = socket;
        Status = Status with { Bound = true, Error = null, EndPoint = socket.LocalEndPoint?.ToString() ?? _endPoint.ToString() };
        DaemonLog.ListenerBound(_logger, Status.Name, Status.EndPoint);
        _acceptLoop = Task.Run(() => AcceptLoopAsync(socket, cancellationToken), CancellationToken.None);
    }

    private async Task AcceptLoopAsync(Socket listener, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await listener.AcceptAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                break;
            }

            if (Policy is not null && client.RemoteEndPoint is IPEndPoint remote && !Policy.Admit(remote.Address))
            {
                client.Dispose();
                continue;
            }

            if (!_slots.Wait(0, CancellationToken.None))
            {
                _counters.CountDropped();
                client.Dispose();
                continue;
            }

            var session = new SmbMessageSession(client, _names, _pipeline, _counters, _logger) { Policy = Policy };
            var task = RunSessionAsync(session, cancellationToken);
            lock (_sessions)
            {
                _sessions.RemoveAll(t => t.IsCompleted);
                _sessions.Add(task);
            }
        }
    }

    private async Task RunSessionAsync(SmbMessageSession session, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Yield();
            await session.RunAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _slots.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
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
        _slots.Dispose();
    }
}
