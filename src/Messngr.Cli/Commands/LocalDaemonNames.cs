using System.Globalization;
using System.Net;
using Messngr.Cli.Control;
using Messngr.Wire.NetBios;

namespace Messngr.Cli.Commands;

/// <summary>
/// The "cache" resolution method: the names the local daemon holds (asked over its control
/// socket). A registered name of ours resolves to the address the daemon's session listener is
/// bound to (127.0.0.1 when it listens on every address). No daemon, no socket: not found here,
/// and resolution goes on with the next method.
/// </summary>
internal sealed class LocalDaemonNames
{
    private readonly LocalDaemonStatus _daemon;

    public LocalDaemonNames(string socketPath)
        : this(new LocalDaemonStatus(socketPath))
    {
    }

    /// <summary>Shares one status request with the caller (send asks it for the machine's names too).</summary>
    public LocalDaemonNames(LocalDaemonStatus daemon) => _daemon = daemon;

    public async Task<IReadOnlyList<IPAddress>?> LookupAsync(NetBiosName name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        try
        {
            var status = await _daemon.GetAsync(cancellationToken).ConfigureAwait(false);
            if (status is null)
            {
                return null;
            }

            var wanted = name.GetName().Trim();
            var ours = status.Names.Any(n => n.Suffix == name.Suffix && n.State == "registered" && string.Equals(n.Name.Trim(), wanted, StringComparison.OrdinalIgnoreCase));
            if (!ours)
            {
                return null;
            }

            var session = status.Listeners.FirstOrDefault(l => l.Bound && l.Protocol.Contains("tcp", StringComparison.OrdinalIgnoreCase));
            if (session is null || !IPEndPoint.TryParse(session.EndPoint, out var endPoint))
            {
                return null;
            }

            return [endPoint.Address.Equals(IPAddress.Any) ? IPAddress.Loopback : endPoint.Address];
        }
        catch (Exception ex) when (ex is ControlClientException or OperationCanceledException or IOException)
        {
            return null;
        }
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"local daemon at {_daemon.SocketPath}");
}
