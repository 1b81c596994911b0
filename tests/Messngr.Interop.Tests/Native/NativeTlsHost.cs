using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Messngr.Daemon.Core;
using Messngr.Daemon.Native;
using Microsoft.Extensions.Logging.Abstractions;

namespace Messngr.Interop.Tests.Native;

/// <summary>
/// The daemon's native listener hosted in the test process on 127.0.0.1 (issue #13, item 3): it
/// trusts the client certificate written to <see cref="ClientCertificatePath"/> and
/// <see cref="ClientKeyPath"/> (PEM, 0600, for openssl) and echoes one frame, then closes.
/// </summary>
internal sealed class NativeTlsHost : IAsyncDisposable
{
    private int _served;

    private readonly string _directory = Directory.CreateTempSubdirectory("messngr-tls-").FullName;

    public NativeTlsHost()
    {
        ServerCertificate = Create("messngr-server");
        ClientCertificate = Create("messngr-client");
        WritePrivate(ClientCertificatePath, ClientCertificate.ExportCertificatePem());
        WritePrivate(ClientKeyPath, ClientCertificate.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem());
        Listener = new TlsEndpointListener(new IPEndPoint(IPAddress.Loopback, 0), ServerCertificate, new Pinned(ClientCertificate), EchoOnceAsync, new ListenerCounters(), NullLogger.Instance)
        {
            Limits = DaemonLimits.Default with { NativeHandshakeDeadline = TimeSpan.FromSeconds(30) },
        };
        Listener.Start(CancellationToken.None);
        Assert.True(Listener.Status.Bound, Listener.Status.Error);
    }

    public X509Certificate2 ServerCertificate { get; }

    public X509Certificate2 ClientCertificate { get; }

    public TlsEndpointListener Listener { get; }

    public int Port => Listener.BoundPort;

    /// <summary>Connections that passed the handshake and reached the handler.</summary>
    public int Served => Volatile.Read(ref _served);

    public string ClientCertificatePath => Path.Combine(_directory, "client.pem");

    public string ClientKeyPath => Path.Combine(_directory, "client.key");

    /// <summary>A connector with the trusted client certificate, trusting the server's.</summary>
    public TlsConnector Connector() => new(ClientCertificate, new Pinned(ServerCertificate));

    public async ValueTask DisposeAsync()
    {
        await Listener.DisposeAsync();
        ServerCertificate.Dispose();
        ClientCertificate.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private async Task EchoOnceAsync(IFrameChannel channel, CancellationToken token)
    {
        Interlocked.Increment(ref _served);
        if (await channel.ReceiveAsync(token) is { } frame)
        {
            await channel.SendAsync(frame, token);
        }
    }

    private static X509Certificate2 Create(string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA384);
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(20));
    }

    /// <summary>Key material is 0600 from its first byte.</summary>
    private static void WritePrivate(string path, string text)
    {
        using var file = new FileStream(path, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite });
        file.Write(System.Text.Encoding.ASCII.GetBytes(text));
    }

    /// <summary>Trusts one certificate by its bytes.</summary>
    private sealed class Pinned(X509Certificate2 trusted) : ITlsPeerVerifier
    {
        public TlsPeerVerdict Verify(X509Certificate2 certificate, IPEndPoint remote, TlsRole role, string? targetHost) =>
            certificate.RawData.AsSpan().SequenceEqual(trusted.RawData) ? TlsPeerVerdict.Accept() : TlsPeerVerdict.Refuse("not the pinned certificate");
    }
}
