using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Messngr.Daemon.Core;

namespace Messngr.Daemon.Listeners;

/// <summary>
/// A listener's failed bind as status and log (issue #12, item 1): EADDRINUSE is "in use by
/// another process", named when <see cref="PortOwner"/> finds it, and logged as one warning;
/// EACCES is a missing privilege; anything else is logged as an error.
/// </summary>
internal static class BindFailure
{
    public static ListenerStatus Record(ListenerStatus status, SocketException ex, ProtocolType protocol, IPEndPoint endPoint, ILogger logger)
    {
        var transport = protocol == ProtocolType.Tcp ? "tcp" : "udp";
        switch (ex.SocketErrorCode)
        {
            case SocketError.AddressAlreadyInUse:
                var owner = PortOwner.Find(protocol, endPoint.Port);
                var holder = owner is null ? "another process (nmbd, smbd or another messngr?)" : $"another process: {owner}";
                var why = $"{transport} port {endPoint.Port} ({endPoint}) is in use by {holder}; messngr does not share ports: stop it, or give messngr another --interface or port";
                DaemonLog.ListenerInUse(logger, status.Name, why);
                return status with { Bound = false, Error = why, State = ListenerState.InUse, Owner = owner };
            case SocketError.AccessDenied:
                var denied = $"permission denied binding {transport} {endPoint} (run as root or grant CAP_NET_BIND_SERVICE)";
                DaemonLog.ListenerFailed(logger, status.Name, denied);
                return status with { Bound = false, Error = denied, State = ListenerState.PermissionDenied };
            default:
                var failed = $"cannot bind {transport} {endPoint}: {ex.Message}";
                DaemonLog.ListenerFailed(logger, status.Name, failed);
                return status with { Bound = false, Error = failed, State = ListenerState.Failed };
        }
    }
}
