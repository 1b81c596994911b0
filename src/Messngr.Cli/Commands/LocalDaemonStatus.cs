using System.Net.Sockets;
using Messngr.Cli.Control;
using Messngr.Daemon.Control.Api;

namespace Messngr.Cli.Commands;

/// <summary>
/// The local daemon's status, asked at most once per command and only when its socket exists:
/// <c>send</c> takes the machine's computer name and workgroup from it (<see cref="MachineIdentity"/>)
/// and the cache resolution method its names (<see cref="LocalDaemonNames"/>). No daemon, a stale
/// socket, a refused or a stopped daemon: null, after at most <see cref="AskTimeout"/>, and the
/// command goes on without it.
/// </summary>
internal sealed class LocalDaemonStatus
{
    /// <summary>How long a daemon may take to answer before the command goes on without it.</summary>
    public static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(2);

    private readonly object _gate = new();
    private Task<StatusDto?>? _status;

    public LocalDaemonStatus(string socketPath) => SocketPath = socketPath;

    public string SocketPath { get; }

    public Task<StatusDto?> GetAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return _status ??= AskAsync(cancellationToken);
        }
    }

    private async Task<StatusDto?> AskAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(SocketPath))
        {
            return null;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(AskTimeout);
        try
        {
            return await new ControlClient(SocketPath).StatusAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is ControlClientException or OperationCanceledException or IOException or SocketException)
        {
            return null;
        }
    }
}
