using System.Net;
using System.Net.Sockets;
using Messngr.Daemon.Core;
using Messngr.Daemon.Hosting;
using Messngr.Daemon.Native;
using Messngr.Daemon.Options;
using Messngr.Daemon.Tests.Users;
using Microsoft.Extensions.Logging.Abstractions;

namespace Messngr.Daemon.Tests.Native;

/// <summary>
/// <c>messngr serve</c> has a receipt reporter (issue #13, item 6): with the native transport on it
/// queues RECEIPTs for its dispatcher; with <c>native port = 0</c> it still records displayed/read.
/// </summary>
public sealed class DaemonReceiptsTests
{
    private static readonly TimeSpan SafetyNet = TimeSpan.FromSeconds(60);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Serve_records_displayed_and_read_and_sends_receipts_only_with_the_native_transport_on(bool native)
    {
        using var directory = new TempDirectory();
        using var nameService = Holder(SocketType.Dgram, ProtocolType.Udp);
        using var datagram = Holder(SocketType.Dgram, ProtocolType.Udp);
        int nativePort, rpcPort;
        using (var probe = Holder(SocketType.Stream, ProtocolType.Tcp))
        using (var udp = Holder(SocketType.Dgram, ProtocolType.Udp))
        {
            nativePort = native ? Port(probe) : 0;
            rpcPort = Port(udp); // free: with the native transport off, RPC is the listener that binds
        }

        var options = new ServeOptions
        {
            NetBiosName = "HOSTT",
            StateDirectory = directory.Path,
            BindAddress = IPAddress.Loopback,
            DiscoveryEnabled = false,
            User = "root", // never drop the test process's privileges
            TtyEnabled = false,
            NameServicePort = Port(nameService),
            DatagramServicePort = Port(datagram),
            SessionServiceEnabled = false,
            RpcPort = rpcPort,
            NativePort = nativePort,
        };
        var daemon = new MessengerDaemon(options, NullLoggerFactory.Instance, []);
        using var stop = new CancellationTokenSource();
        var run = daemon.RunAsync(stop.Token);
        await Task.WhenAny(daemon.Started, run).Unwrap().WaitAsync(SafetyNet);

        var reporter = Assert.IsType<ReceiptReporter>(daemon.ReceiptReporter);
        Assert.Equal(native, reporter.Dispatcher is not null);
        var message = new ReceivedMessage("CAROL", "HOSTT", "hi", MessageTransport.Smb, new IPEndPoint(IPAddress.Loopback, 139), DateTimeOffset.UtcNow);
        var id = Assert.Single(daemon.Store!.Commit([message])).Id;
        Assert.True(reporter.Report(new StoredMessage(id, message), ReceiptState.Displayed, DateTimeOffset.UtcNow));
        Assert.NotNull(Assert.Single(daemon.Store.History(1)).Message.DisplayedAt);

        await stop.CancelAsync();
        await run.WaitAsync(SafetyNet);
    }

    private static Socket Holder(SocketType type, ProtocolType protocol)
    {
        var socket = new Socket(AddressFamily.InterNetwork, type, protocol);
        socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return socket;
    }

    private static int Port(Socket socket) => ((IPEndPoint)socket.LocalEndPoint!).Port;
}
