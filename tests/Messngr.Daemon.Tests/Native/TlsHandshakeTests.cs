using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text;
using Messngr.Daemon.Core;
using Messngr.Daemon.Native;

namespace Messngr.Daemon.Tests.Native;

/// <summary>Issue #13, item 3: TLS 1.3 with mutual authentication, refusals, handshake deadline and the listener's bounds.</summary>
public sealed class TlsHandshakeTests
{
    [Fact]
    public async Task Trusted_certificates_complete_a_TLS_1_3_handshake_both_ways()
    {
        await using var lab = new TlsLoopback();
        await using var channel = await lab.Connector().ConnectAsync(lab.EndPoint, "server");

        await channel.SendAsync("hello"u8.ToArray());
        Assert.Equal("hello", Encoding.ASCII.GetString((await channel.ReceiveAsync().AsTask().WaitAsync(TlsLoopback.SafetyNet))!));

        var served = await lab.Served.Reader.ReadAsync().AsTask().WaitAsync(TlsLoopback.SafetyNet);
        Assert.Equal(SslProtocols.Tls13, ((TlsFrameChannel)channel).Protocol);
        Assert.Equal(SslProtocols.Tls13, ((TlsFrameChannel)served).Protocol);
        Assert.Equal(lab.ServerCertificate.RawData, channel.PeerCertificate.RawData);
        Assert.Equal(lab.ClientCertificate.RawData, served.PeerCertificate.RawData);
        Assert.Contains(lab.ClientVerifier.Calls, call => call.Role == TlsRole.Client && call.TargetHost == "server");
        Assert.Contains(lab.ServerVerifier.Calls, call => call.Role == TlsRole.Server && call.TargetHost is null);
    }

    [Fact]
    public async Task Client_without_a_certificate_is_refused()
    {
        await using var lab = new TlsLoopback();
        await AssertRefusedAsync(lab, certificate: null);
        await lab.LogLineAsync("the peer presented no certificate");
        Assert.Equal(0, lab.Served.Reader.Count);
    }

    [Fact]
    public async Task Untrusted_client_certificate_is_refused_with_the_verifiers_reason()
    {
        await using var lab = new TlsLoopback();
        using var stranger = TlsTestCertificates.Create("stranger");
        await AssertRefusedAsync(lab, stranger);

        var line = await lab.LogLineAsync("is not pinned");
        Assert.Contains(PinnedPeerVerifier.Pin(stranger)[..16], line, StringComparison.Ordinal);
        Assert.Equal(0, lab.Served.Reader.Count);
        Assert.Equal(1, lab.Counters.RefusedConnections);
    }

    [Fact]
    public async Task Untrusted_server_is_refused_by_the_client_with_the_verifiers_reason()
    {
        await using var lab = new TlsLoopback();
        using var other = TlsTestCertificates.Create("other");
        var connector = new TlsConnector(lab.ClientCertificate, new PinnedPeerVerifier(other));

        var refused = await Assert.ThrowsAsync<TlsChannelException>(() => connector.ConnectAsync(lab.EndPoint, "server").WaitAsync(TlsLoopback.SafetyNet));
        Assert.Equal(TlsChannelFailure.PeerRefused, refused.Failure);
        Assert.Contains("is not pinned", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TLS_1_2_only_client_is_refused()
    {
        await using var lab = new TlsLoopback();
        var ex = await Record.ExceptionAsync(() => lab.RawClientAsync(lab.ClientCertificate, SslProtocols.Tls12));
        Assert.True(ex is AuthenticationException or IOException, $"expected a failed handshake, got {ex}");
        await lab.LogLineAsync("handshake failed");
        Assert.Equal(0, lab.Served.Reader.Count);
    }

    [Fact]
    public async Task Peer_that_stalls_mid_handshake_is_cut_off_at_the_deadline()
    {
        await using var lab = new TlsLoopback(DaemonLimits.Default with { NativeHandshakeDeadline = TimeSpan.FromSeconds(1) });
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(lab.EndPoint);
        await tcp.GetStream().WriteAsync(new byte[] { 0x16, 0x03, 0x01, 0x00, 0x80 }); // a ClientHello record header, then nothing

        var read = await tcp.GetStream().ReadAsync(new byte[16]).AsTask().WaitAsync(TlsLoopback.SafetyNet);
        Assert.Equal(0, read);
        await lab.LogLineAsync("HandshakeTimeout");
    }

    [Fact]
    public async Task Connections_beyond_the_per_source_limit_are_refused_at_accept()
    {
        await using var lab = new TlsLoopback(DaemonLimits.Default with { MaxNativeConnectionsPerSource = 2 });
        var first = await lab.Connector().ConnectAsync(lab.EndPoint, "server");
        await using var second = await lab.Connector().ConnectAsync(lab.EndPoint, "server");

        var refused = await Assert.ThrowsAsync<TlsChannelException>(() => lab.Connector().ConnectAsync(lab.EndPoint, "server").WaitAsync(TlsLoopback.SafetyNet));
        // The reset may reach the client while its connect completes, or during its handshake.
        Assert.Contains(refused.Failure, new[] { TlsChannelFailure.ConnectFailed, TlsChannelFailure.HandshakeFailed });
        Assert.Equal(1, lab.Counters.RefusedConnections);
        await lab.LogLineAsync("native connections from this address are open already");

        // A freed slot is taken again.
        await first.DisposeAsync();
        using var timeout = new CancellationTokenSource(TlsLoopback.SafetyNet);
        while (lab.Listener.OpenConnections > 1)
        {
            await Task.Delay(20, timeout.Token);
        }

        await using var third = await lab.Connector().ConnectAsync(lab.EndPoint, "server");
        await third.SendAsync("x"u8.ToArray());
        Assert.NotNull(await third.ReceiveAsync().AsTask().WaitAsync(TlsLoopback.SafetyNet));
    }

    [Fact]
    public async Task Accept_loop_survives_EMFILE()
    {
        var failures = 1;
        var server = TlsTestCertificates.Create("server");
        var client = TlsTestCertificates.Create("client");
        var counters = new ListenerCounters();
        await using var listener = new TlsEndpointListener(new IPEndPoint(IPAddress.Loopback, 0), server, new PinnedPeerVerifier(client), TlsLoopback.EchoAsync, counters, new Hosting.CapturingLogger())
        {
            Limits = DaemonLimits.Default with { NativeAcceptRetryDelay = TimeSpan.FromMilliseconds(10) },
            Accept = (socket, token) => Interlocked.Decrement(ref failures) >= 0
                ? ValueTask.FromException<Socket>(new SocketException((int)SocketError.TooManyOpenSockets))
                : socket.AcceptAsync(token),
        };
        listener.Start(CancellationToken.None);

        await using var channel = await new TlsConnector(client, new PinnedPeerVerifier(server)).ConnectAsync(new IPEndPoint(IPAddress.Loopback, listener.BoundPort), "server").WaitAsync(TlsLoopback.SafetyNet);
        await channel.SendAsync("after EMFILE"u8.ToArray());
        Assert.Equal("after EMFILE", Encoding.ASCII.GetString((await channel.ReceiveAsync().AsTask().WaitAsync(TlsLoopback.SafetyNet))!));
    }

    [Fact]
    public async Task Accepted_connections_send_small_frames_at_once_TCP_NODELAY()
    {
        // Issue #13, perf: without TCP_NODELAY a pipelined RECEIPT waits for the ACK of the one before (Nagle).
        var server = TlsTestCertificates.Create("server");
        var client = TlsTestCertificates.Create("client");
        var accepted = new TaskCompletionSource<Socket>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var listener = new TlsEndpointListener(new IPEndPoint(IPAddress.Loopback, 0), server, new PinnedPeerVerifier(client), TlsLoopback.EchoAsync, new ListenerCounters(), new Hosting.CapturingLogger())
        {
            Accept = async (socket, token) =>
            {
                var connection = await socket.AcceptAsync(token);
                accepted.TrySetResult(connection);
                return connection;
            },
        };
        listener.Start(CancellationToken.None);

        await using var channel = await new TlsConnector(client, new PinnedPeerVerifier(server)).ConnectAsync(new IPEndPoint(IPAddress.Loopback, listener.BoundPort), "server").WaitAsync(TlsLoopback.SafetyNet);
        await channel.SendAsync("ping"u8.ToArray());
        Assert.NotNull(await channel.ReceiveAsync().AsTask().WaitAsync(TlsLoopback.SafetyNet)); // served: admitted before
        Assert.True((await accepted.Task.WaitAsync(TlsLoopback.SafetyNet)).NoDelay);
    }

    [Fact]
    public async Task Listener_does_not_share_its_port()
    {
        await using var lab = new TlsLoopback();
        await using var second = new TlsEndpointListener(lab.EndPoint, lab.ServerCertificate, lab.ServerVerifier, TlsLoopback.EchoAsync, new ListenerCounters(), lab.Logger);
        second.Start(CancellationToken.None);
        Assert.Equal(ListenerState.InUse, second.Status.State);
        Assert.False(second.Status.Bound);
    }

    /// <summary>
    /// In TLS 1.3 the server judges the client's certificate after the client's handshake has
    /// finished (RFC 8446 §4.4.2), so a refused client sees either a failed handshake or, on its
    /// first read, the alert and the end of the connection.
    /// </summary>
    private static async Task AssertRefusedAsync(TlsLoopback lab, System.Security.Cryptography.X509Certificates.X509Certificate2? certificate)
    {
        try
        {
            await using var stream = await lab.RawClientAsync(certificate);
            await stream.WriteAsync(new byte[] { 0, 0, 0, 1, 0x41 });
            var read = await stream.ReadAsync(new byte[16]).AsTask().WaitAsync(TlsLoopback.SafetyNet);
            Assert.Equal(0, read);
        }
        catch (Exception ex) when (ex is AuthenticationException or IOException)
        {
            // refused during or right after the handshake
        }
    }
}
