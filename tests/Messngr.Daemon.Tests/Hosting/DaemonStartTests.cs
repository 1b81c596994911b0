using System.Net;
using System.Net.Sockets;
using Messngr.Daemon.Core;
using Messngr.Daemon.Hosting;
using Messngr.Daemon.Options;
using Messngr.Daemon.Store;
using Messngr.Daemon.Tests.Users;
using Microsoft.Extensions.Logging.Abstractions;

namespace Messngr.Daemon.Tests.Hosting;

/// <summary>
/// The daemon owns what it uses (issue #12): a second daemon on a state directory stops before
/// it touches the database (item 2), and one that could bind not one of its ports stops with the
/// reason instead of running deaf (item 1).
/// </summary>
public sealed class DaemonStartTests
{
    [Fact]
    public async Task Second_daemon_on_a_locked_state_directory_stops_before_opening_the_database()
    {
        using var directory = new TempDirectory();
        using var first = StateDirectoryLock.Acquire(directory.Path);
        var daemon = new MessengerDaemon(Options(directory.Path, FreeUdpPort(), FreeUdpPort(), FreeTcpPort(), FreeUdpPort()), NullLoggerFactory.Instance, []);

        var ex = await Assert.ThrowsAsync<DaemonStartException>(() => daemon.RunAsync(CancellationToken.None)).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(StartFailure.InUse, ex.Failure);
        Assert.Equal($"another messngr serve (pid {Environment.ProcessId}) is using {directory.Path}; stop it, or give this one another --state-dir", ex.Message);
        Assert.False(File.Exists(directory.File("messngr.db")), "the second daemon opened the database");
        Assert.Null(daemon.Store);
    }

    [Fact]
    public void Lock_file_is_private_and_holds_the_pid()
    {
        using var directory = new TempDirectory();
        var stateDir = Path.Combine(directory.Path, "state");
        using (var held = StateDirectoryLock.Acquire(stateDir))
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(held.Path));
            Assert.Equal(StateDirectory.DirectoryMode, File.GetUnixFileMode(stateDir));
            // flock(2) locks belong to the open file: a second open in this very process conflicts too.
            var second = Assert.Throws<DaemonStartException>(() => StateDirectoryLock.Acquire(stateDir));
            Assert.Contains($"(pid {Environment.ProcessId})", second.Message, StringComparison.Ordinal);
        }

        // Released with its fd (as at the daemon's exit, whatever the way): no stale lock is left.
        Assert.Equal($"{Environment.ProcessId}\n", File.ReadAllText(Path.Combine(stateDir, StateDirectoryLock.FileName)));
        using var again = StateDirectoryLock.Acquire(stateDir);
        Assert.True(File.Exists(again.Path));
    }

    [Fact]
    public async Task Daemon_whose_every_port_is_held_by_another_process_stops_as_in_use()
    {
        using var directory = new TempDirectory();
        using var nameService = Holder(SocketType.Dgram, ProtocolType.Udp);
        using var datagram = Holder(SocketType.Dgram, ProtocolType.Udp);
        using var session = Holder(SocketType.Stream, ProtocolType.Tcp);
        using var rpc = Holder(SocketType.Dgram, ProtocolType.Udp);
        using var native = Holder(SocketType.Stream, ProtocolType.Tcp);
        session.Listen(4);
        native.Listen(4);
        var daemon = new MessengerDaemon(Options(directory.Path, Port(nameService), Port(datagram), Port(session), Port(rpc), Port(native)), NullLoggerFactory.Instance, []);

        var ex = await Assert.ThrowsAsync<DaemonStartException>(() => daemon.RunAsync(CancellationToken.None)).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(StartFailure.InUse, ex.Failure);
        Assert.StartsWith("not one listener could be bound (", ex.Message, StringComparison.Ordinal);
        Assert.Contains($"udp port {Port(nameService)}", ex.Message, StringComparison.Ordinal);
        Assert.Contains($"tcp port {Port(session)}", ex.Message, StringComparison.Ordinal);
        Assert.All(daemon.ListenerStatuses, l => Assert.Equal(ListenerState.InUse, l.State));
    }

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

    /// <summary>A socket with SO_REUSEADDR and SO_REUSEPORT, as nmbd and smbd hold their ports.</summary>
    private static Socket Holder(SocketType type, ProtocolType protocol)
    {
        var socket = new Socket(AddressFamily.InterNetwork, type, protocol);
        socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return socket;
    }

    private static int Port(Socket socket) => ((IPEndPoint)socket.LocalEndPoint!).Port;

    private static int FreeUdpPort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return Port(socket);
    }

    private static int FreeTcpPort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return Port(socket);
    }
}
