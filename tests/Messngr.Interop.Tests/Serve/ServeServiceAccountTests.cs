using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Messngr.Interop.Tests.Support;

namespace Messngr.Interop.Tests.Serve;

/// <summary>
/// Issue #15, item 5: packaging/messngr.service starts serve as the service account itself
/// (User=, AmbientCapabilities=CAP_NET_BIND_SERVICE), not as root. Started that way (setpriv(1)
/// with the same credentials; nobody stands in for messngr), with <c>user</c> naming that same
/// account, serve binds a port below 1024, has nothing to drop, and runs as that account.
/// </summary>
public sealed class ServeServiceAccountTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("messngr-account-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>A port below 1024 free on 127.0.0.1 for TCP right now.</summary>
    private static int FreeLowPort()
    {
        for (var port = 900; port < 1024; port++)
        {
            try
            {
                using var tcp = new TcpListener(IPAddress.Loopback, port);
                tcp.Start();
                return port;
            }
            catch (SocketException)
            {
                // taken; try the next
            }
        }

        throw new InvalidOperationException("no free port below 1024 on 127.0.0.1");
    }

    [Fact]
    public void Serve_started_as_the_service_account_with_only_CAP_NET_BIND_SERVICE_binds_a_low_port_and_runs_as_it()
    {
        Tool.Run("chown", ["nobody", _dir]);
        var low = FreeLowPort();
        const string shell = """exec setpriv --reuid=nobody --regid=nogroup --clear-groups --inh-caps=+net_bind_service --ambient-caps=+net_bind_service env HOME=/nonexistent "$0" "$@" """;
        var stateDir = Path.Combine(_dir, "state");
        using var serve = ServeProcess.StartVia(shell, stateDir, "HOSTS", "LAB",
            "--session-service-port", low.ToString(CultureInfo.InvariantCulture), "--user", "nobody");

        Assert.Contains($"session service listening on 127.0.0.1:{low}", serve.Log, StringComparison.Ordinal);
        var status = Tool.Run("dotnet", [Path.Combine(AppContext.BaseDirectory, "messngr.dll"), "status", "--state-dir", stateDir, "--json"]);
        Assert.True(status.ExitCode == 0, status.Error);
        Assert.Contains("\"runningAs\": \"nobody\"", status.Output, StringComparison.Ordinal);
        Assert.Equal(0, serve.Stop());
    }
}
