using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Messngr.Daemon.Core;
using Messngr.Daemon.Native;
using Messngr.Daemon.Tests.Hosting;

namespace Messngr.Daemon.Tests.Native;

/// <summary>
/// A native listener on 127.0.0.1:0 with a server and a client certificate that trust each other,
/// and an echo handler by default; every connection's channel is handed to <see cref="Served"/>.
/// </summary>
internal sealed class TlsLoopback : IAsyncDisposable
{
    public static readonly TimeSpan SafetyNet = TimeSpan.FromSeconds(60);

    public TlsLoopback(DaemonLimits? limits = null, Func<IFrameChannel, CancellationToken, Task>? handler = null)
    {
        Limits = limits ?? DaemonLimits.Default;
        ServerVerifier = new PinnedPeerVerifier(ClientCertificate);
        ClientVerifier = new PinnedPeerVerifier(ServerCertificate);
        Listener = new TlsEndpointListener(new IPEndPoint(IPAddress.Loopback, 0), ServerCertificate, ServerVerifier, (channel, token) =>
        {
            Served.Writer.TryWrite(channel);
            return (handler ?? EchoAsync)(channel, token);
        }, Counters, Logger)
        { Limits = Limits };
        Listener.Start(CancellationToken.None);
        Assert.True(Listener.Status.Bound, Listener.Status.Error);
    }

    public X509Certificate2 ServerCertificate { get; } = TlsTestCertificates.Create("server");

    public X509Certificate2 ClientCertificate { get; } = TlsTestCertificates.Create("client");

    public PinnedPeerVerifier ServerVerifier { get; }

    public PinnedPeerVerifier ClientVerifier { get; }

    public DaemonLimits Limits { get; }

    public ListenerCounters Counters { get; } = new();

    public CapturingLogger Logger { get; } = new();

    public TlsEndpointListener Listener { get; }

    public System.Threading.Channels.Channel<IFrameChannel> Served { get; } = System.Threading.Channels.Channel.CreateUnbounded<IFrameChannel>();

    public IPEndPoint EndPoint => new(IPAddress.Loopback, Listener.BoundPort);

    public TlsConnector Connector(X509Certificate2? certificate = null) => new(certificate ?? ClientCertificate, ClientVerifier) { Limits = Limits };

    /// <summary>Echoes every frame back until the peer closes.</summary>
    public static async Task EchoAsync(IFrameChannel channel, CancellationToken token)
    {
        while (await channel.ReceiveAsync(token) is { } frame)
        {
            await channel.SendAsync(frame, token);
        }
    }

    /// <summary>A raw TLS client (no messngr code), for what our connector would never send.</summary>
    public async Task<SslStream> RawClientAsync(X509Certificate2? certificate, SslProtocols protocols = SslProtocols.Tls13)
    {
        var tcp = new TcpClient();
        await tcp.ConnectAsync(EndPoint);
        var stream = new SslStream(tcp.GetStream(), leaveInnerStreamOpen: false);
        var options = new SslClientAuthenticationOptions
        {
            TargetHost = "server",
            EnabledSslProtocols = protocols,
            RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate is not null && certificate.GetRawCertData().AsSpan().SequenceEqual(ServerCertificate.RawData),
            ClientCertificates = certificate is null ? null : [certificate],
        };
        await stream.AuthenticateAsClientAsync(options).WaitAsync(SafetyNet);
        return stream;
    }

    /// <summary>Waits (safety net only) until the log holds a line containing <paramref name="text"/>.</summary>
    public async Task<string> LogLineAsync(string text)
    {
        using var timeout = new CancellationTokenSource(SafetyNet);
        while (true)
        {
            if (Logger.Lines.FirstOrDefault(line => line.Contains(text, StringComparison.Ordinal)) is { } line)
            {
                return line;
            }

            await Task.Delay(20, timeout.Token);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Listener.DisposeAsync();
        ServerCertificate.Dispose();
        ClientCertificate.Dispose();
    }
}
