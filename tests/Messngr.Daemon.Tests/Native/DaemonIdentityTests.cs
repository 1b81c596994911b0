using System.Net;
using System.Net.Sockets;
using Messngr.Daemon.Core;
using Messngr.Daemon.Hosting;
using Messngr.Daemon.Native;
using Messngr.Daemon.Options;
using Messngr.Daemon.Tests.Users;
using Microsoft.Extensions.Logging.Abstractions;

namespace Messngr.Daemon.Tests.Native;

/// <summary><c>messngr serve</c> makes or loads its identity at start (issue #13, item 2) and refuses a broken one.</summary>
public sealed class DaemonIdentityTests
{
    [Fact]
    public async Task Serve_makes_the_identity_at_start_and_keeps_it_across_restarts()
    {
        using var directory = new TempDirectory();
        var first = await RunUntilNothingBoundAsync(directory.Path);
        Assert.NotNull(first);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(directory.File(NodeIdentity.KeyFileName)));
        var again = await RunUntilNothingBoundAsync(directory.Path);
        Assert.Equal(first, again);
    }

    [Fact]
    public async Task Serve_with_a_corrupt_key_stops_before_listening_and_keeps_the_files()
    {
        using var directory = new TempDirectory();
        File.WriteAllText(directory.File(NodeIdentity.KeyFileName), "garbage");
        File.WriteAllText(directory.File(NodeIdentity.CertificateFileName), "garbage");
        var daemon = new MessengerDaemon(Options(directory.Path, 1, 1, 1, 1), NullLoggerFactory.Instance, []);
        var ex = await Assert.ThrowsAsync<StoreException>(() => daemon.RunAsync(CancellationToken.None)).WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Contains("node-key.pem", ex.Message, StringComparison.Ordinal);
        Assert.Empty(daemon.ListenerStatuses);
        Assert.Equal("garbage", File.ReadAllText(directory.File(NodeIdentity.KeyFileName)));
    }

    [Fact]
    public async Task Serve_with_a_corrupt_trust_list_stops()
    {
        using var directory = new TempDirectory();
        File.WriteAllText(directory.File(TrustStore.FileName), "{");
        var daemon = new MessengerDaemon(Options(directory.Path, 1, 1, 1, 1), NullLoggerFactory.Instance, []);
        var ex = await Assert.ThrowsAsync<StoreException>(() => daemon.RunAsync(CancellationToken.None)).WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Contains(TrustStore.FileName, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_listens_natively_on_native_port_and_status_lists_it_and_port_0_turns_it_off()
    {
        using var directory = new TempDirectory();
        using var nameService = Holder(SocketType.Dgram, ProtocolType.Udp);
        using var datagram = Holder(SocketType.Dgram, ProtocolType.Udp);
        using var rpc = Holder(SocketType.Dgram, ProtocolType.Udp);
        int free;
        using (var probe = Holder(SocketType.Stream, ProtocolType.Tcp))
        {
            free = Port(probe);
        }

        foreach (var port in new[] { free, 0 })
        {
            // The session service is off, so the native listener is the only one that can bind.
            var options = Options(directory.Path, Port(nameService), Port(datagram), 1, Port(rpc), port) with { SessionServiceEnabled = false };
            var daemon = new MessengerDaemon(options, NullLoggerFactory.Instance, []);
            using var stop = new CancellationTokenSource();
            var run = daemon.RunAsync(stop.Token);
            if (port == 0)
            {
                var ex = await Assert.ThrowsAsync<DaemonStartException>(() => run).WaitAsync(TimeSpan.FromSeconds(60));
                Assert.DoesNotContain("native", ex.Message, StringComparison.Ordinal);
                Assert.DoesNotContain(daemon.ListenerStatuses, l => l.Name == "native transport");
                continue;
            }

            await Task.WhenAny(daemon.Started, run).Unwrap().WaitAsync(TimeSpan.FromSeconds(60));
            var native = Assert.Single(daemon.ListenerStatuses, l => l.Name == "native transport");
            Assert.True(native.Bound, native.Error);
            Assert.Equal($"127.0.0.1:{port}", native.EndPoint);
            Assert.IsType<OutboxDispatcher>(daemon.NativeDelivery); // native sending with store-and-forward is on with it
            await stop.CancelAsync();
            await run.WaitAsync(TimeSpan.FromSeconds(60));
        }
    }

    [Fact]
    public async Task Serve_with_native_port_0_has_no_native_delivery()
    {
        using var directory = new TempDirectory();
        using var nameService = Holder(SocketType.Dgram, ProtocolType.Udp);
        using var datagram = Holder(SocketType.Dgram, ProtocolType.Udp);
        using var rpc = Holder(SocketType.Dgram, ProtocolType.Udp);
        int free;
        using (var probe = Holder(SocketType.Stream, ProtocolType.Tcp))
        {
            free = Port(probe);
        }

        var daemon = new MessengerDaemon(Options(directory.Path, Port(nameService), Port(datagram), free, Port(rpc), native: 0), NullLoggerFactory.Instance, []);
        using var stop = new CancellationTokenSource();
        var run = daemon.RunAsync(stop.Token);
        await Task.WhenAny(daemon.Started, run).Unwrap().WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Null(daemon.NativeDelivery);
        await stop.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(60));
    }

    /// <summary>Runs a daemon whose every port is held, so it starts, makes its identity and stops as "in use"; returns its node id.</summary>
    private static async Task<NodeId?> RunUntilNothingBoundAsync(string stateDirectory)
    {
        using var nameService = Holder(SocketType.Dgram, ProtocolType.Udp);
        using var datagram = Holder(SocketType.Dgram, ProtocolType.Udp);
        using var session = Holder(SocketType.Stream, ProtocolType.Tcp);
        using var rpc = Holder(SocketType.Dgram, ProtocolType.Udp);
        using var native = Holder(SocketType.Stream, ProtocolType.Tcp);
        session.Listen(4);
        native.Listen(4);
        var daemon = new MessengerDaemon(Options(stateDirectory, Port(nameService), Port(datagram), Port(session), Port(rpc), Port(native)), NullLoggerFactory.Instance, []);
        var ex = await Assert.ThrowsAsync<DaemonStartException>(() => daemon.RunAsync(CancellationToken.None)).WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(StartFailure.InUse, ex.Failure);
        Assert.NotNull(daemon.Trust);
        Assert.False(daemon.Trust!.TrustOnFirstUse);
        return daemon.Identity?.Id;
    }

    private static Socket Holder(SocketType type, ProtocolType protocol)
    {
        var socket = new Socket(AddressFamily.InterNetwork, type, protocol);
        socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return socket;
    }

    private static int Port(Socket socket) => ((IPEndPoint)socket.LocalEndPoint!).Port;

    private static ServeOptions Options(string stateDirectory, int nameService, int datagram, int session, int rpc, int native = 0) => new()
    {
        NetBiosName = "HOSTT",
        StateDirectory = stateDirectory,
        BindAddress = IPAddress.Loopback,
        DiscoveryEnabled = false,
        User = "root", // never drop the test process's privileges
        TtyEnabled = false,
        NameServicePort = nameService,
        DatagramServicePort = datagram,
        SessionServicePort = session,
        RpcPort = rpc,
        NativePort = native,
    };
}
