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
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(2);
    private readonly string _socketPath;

    public LocalDaemonNames(string socketPath) => _socketPath = socketPath;

    public async Task<IReadOnlyList<IPAddress>?> LookupAsync(NetBiosName name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!File.Exists(_socketPath))
        {
            return null;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(AskTimeout);
        try
        {
            var client = new ControlClient(_socketPath);
            var status = await client.StatusAsync(timeout.Token).ConfigureAwait(false);
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

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"local daemon at {_socketPath}");
}
