using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Messngr.Daemon.Core;
using Messngr.Daemon.Listeners;
using Messngr.Daemon.Tests.Hosting;

namespace Messngr.Daemon.Tests.Listeners;

/// <summary>
/// The daemon owns its ports (issue #12, item 1): a port another socket holds — even one that, as
/// nmbd and smbd do, set SO_REUSEADDR and SO_REUSEPORT (which .NET's ReuseAddress sets on Linux) —
/// is reported as in use, never shared; the status says so and one warning names the port.
/// Different specific addresses never conflict, so daemons on different interfaces coexist.
/// </summary>
public sealed class ExclusiveBindTests
{
    [Fact]
    public async Task Udp_port_held_as_nmbd_holds_it_is_in_use_not_shared()
    {
        using var holder = SharedHolder(SocketType.Dgram, ProtocolType.Udp);
        var port = ((IPEndPoint)holder.LocalEndPoint!).Port;
        var fixture = new ListenerFixture("HOSTB", "LAB");
        var logger = new CapturingLogger();
        await using var listener = new NameServiceListener(new IPEndPoint(IPAddress.Loopback, port), fixture.Names, fixture.Counters, logger);

        listener.Start(CancellationToken.None);

        Assert.False(listener.Status.Bound);
        Assert.Equal(ListenerState.InUse, listener.Status.State);
        Assert.Contains($"udp port {port}", listener.Status.Error, StringComparison.Ordinal);
        Assert.Contains("in use by another process", listener.Status.Error, StringComparison.Ordinal);
        Assert.Single(logger.Lines, l => l.Contains($"udp port {port}", StringComparison.Ordinal) && l.Contains("in use", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Tcp_port_held_as_smbd_holds_it_is_in_use_not_shared()
    {
        using var holder = SharedHolder(SocketType.Stream, ProtocolType.Tcp);
        holder.Listen(4);
        var port = ((IPEndPoint)holder.LocalEndPoint!).Port;
        var fixture = new ListenerFixture("HOSTB", "LAB");
        await using var listener = new SessionListener(new IPEndPoint(IPAddress.Loopback, port), fixture.Names, fixture.Pipeline, fixture.Counters, ListenerFixture.Logger);

        listener.Start(CancellationToken.None);

        Assert.False(listener.Status.Bound);
        Assert.Equal(ListenerState.InUse, listener.Status.State);
        Assert.Contains($"tcp port {port}", listener.Status.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wildcard_bind_next_to_a_specific_one_is_in_use()
    {
        // nmbd with "bind interfaces only" holds IP:137; messngr on 0.0.0.0:137 must not slip in beside it.
        using var holder = SharedHolder(SocketType.Dgram, ProtocolType.Udp);
        var port = ((IPEndPoint)holder.LocalEndPoint!).Port;
        var fixture = new ListenerFixture("HOSTB", "LAB");
        await using var listener = new DatagramListener(new IPEndPoint(IPAddress.Any, port), fixture.Names, fixture.Pipeline, fixture.Counters, ListenerFixture.Logger);

        listener.Start(CancellationToken.None);

        Assert.Equal(ListenerState.InUse, listener.Status.State);
    }

    [Fact]
    public async Task Listeners_on_different_addresses_of_one_port_both_bind()
    {
        // Two daemons with different --interface values: specific addresses never conflict.
        var fixture = new ListenerFixture("HOSTB", "LAB");
        await using var first = new NameServiceListener(new IPEndPoint(IPAddress.Loopback, 0), fixture.Names, fixture.Counters, ListenerFixture.Logger);
        first.Start(CancellationToken.None);
        await using var second = new NameServiceListener(new IPEndPoint(IPAddress.Parse("127.0.0.2"), first.BoundPort), fixture.Names, fixture.Counters, ListenerFixture.Logger);
        second.Start(CancellationToken.None);

        Assert.Equal(ListenerState.Bound, first.Status.State);
        Assert.True(second.Status.Bound, second.Status.Error);
        Assert.Equal(ListenerState.Bound, second.Status.State);
    }

    [Fact]
    public async Task The_process_holding_the_port_is_named()
    {
        using var python = Process.Start(new ProcessStartInfo("/usr/bin/python3")
        {
            ArgumentList = { "-c", "import socket,sys\ns=socket.socket(socket.AF_INET,socket.SOCK_DGRAM)\ns.bind(('127.0.0.1',0))\nprint(s.getsockname()[1],flush=True)\nsys.stdin.read()" },
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
        })!;
        try
        {
            var port = int.Parse(await python.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30)) ?? "0", System.Globalization.CultureInfo.InvariantCulture);
            var fixture = new ListenerFixture("HOSTB", "LAB");
            await using var listener = new NameServiceListener(new IPEndPoint(IPAddress.Loopback, port), fixture.Names, fixture.Counters, ListenerFixture.Logger);

            listener.Start(CancellationToken.None);

            Assert.Equal(ListenerState.InUse, listener.Status.State);
            Assert.Equal($"python3 (pid {python.Id})", listener.Status.Owner);
            Assert.Contains($"python3 (pid {python.Id})", listener.Status.Error, StringComparison.Ordinal);
        }
        finally
        {
            python.StandardInput.Close();
            await python.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        }
    }

    /// <summary>A socket on 127.0.0.1 with SO_REUSEADDR and SO_REUSEPORT set, as Samba's open_socket_in sets them.</summary>
    private static Socket SharedHolder(SocketType type, ProtocolType protocol)
    {
        var socket = new Socket(AddressFamily.InterNetwork, type, protocol);
        socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true); // SO_REUSEADDR + SO_REUSEPORT on Linux
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return socket;
    }
}
