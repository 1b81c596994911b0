using System.Net;
using System.Net.Sockets;
using Messngr.Daemon.Hosting;
using Messngr.Daemon.Options;
using Messngr.Daemon.Store;
using Messngr.Daemon.Tests.Users;
using Microsoft.Extensions.Logging.Abstractions;

namespace Messngr.Daemon.Tests.Store;

/// <summary><c>store sync</c>: the store's commits are fsynced (full, the default) or left to the OS (normal), and serve opens its store so.</summary>
public sealed class StoreSyncTests
{
    private static readonly TimeSpan SafetyNet = TimeSpan.FromSeconds(60);

    [Theory]
    [InlineData(StoreSync.Full, 2)]
    [InlineData(StoreSync.Normal, 1)]
    public void The_store_sets_sqlite_synchronous_to_the_mode(StoreSync sync, long pragma)
    {
        using var directory = new TempDirectory();
        using var store = new SqliteMessageStore(directory.Path, sync: sync);
        Assert.Equal(pragma, store.ReadSynchronousPragma());
        Assert.Equal(sync, store.Sync);
    }

    [Fact]
    public void A_store_opened_without_a_mode_fsyncs_every_commit()
    {
        using var directory = new TempDirectory();
        using var store = new SqliteMessageStore(directory.Path);
        Assert.Equal(2, store.ReadSynchronousPragma());
    }

    [Theory]
    [InlineData(StoreSync.Full, 2)]
    [InlineData(StoreSync.Normal, 1)]
    public async Task Serve_opens_its_store_with_the_store_sync_option(StoreSync sync, long pragma)
    {
        using var directory = new TempDirectory();
        using var nameService = Holder(SocketType.Dgram);
        using var datagram = Holder(SocketType.Dgram);
        int rpcPort;
        using (var udp = Holder(SocketType.Dgram))
        {
            rpcPort = ((IPEndPoint)udp.LocalEndPoint!).Port;
        }

        var options = new ServeOptions
        {
            NetBiosName = "HOSTSYNC",
            StateDirectory = directory.Path,
            BindAddress = IPAddress.Loopback,
            DiscoveryEnabled = false,
            User = "root", // never drop the test process's privileges
            TtyEnabled = false,
            NameServicePort = ((IPEndPoint)nameService.LocalEndPoint!).Port,
            DatagramServicePort = ((IPEndPoint)datagram.LocalEndPoint!).Port,
            SessionServiceEnabled = false,
            RpcPort = rpcPort,
            NativePort = 0,
            StoreSync = sync,
        };
        var daemon = new MessengerDaemon(options, NullLoggerFactory.Instance, []);
        using var stop = new CancellationTokenSource();
        var run = daemon.RunAsync(stop.Token);
        await Task.WhenAny(daemon.Started, run).Unwrap().WaitAsync(SafetyNet);

        Assert.Equal(pragma, Assert.IsType<SqliteMessageStore>(daemon.Store).ReadSynchronousPragma());

        await stop.CancelAsync();
        await run.WaitAsync(SafetyNet);
    }

    private static Socket Holder(SocketType type)
    {
        var socket = new Socket(AddressFamily.InterNetwork, type, type == SocketType.Dgram ? ProtocolType.Udp : ProtocolType.Tcp);
        socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return socket;
    }
}
