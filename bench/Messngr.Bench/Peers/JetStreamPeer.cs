using System.Globalization;
using System.Net;
using System.Net.Security;
using System.Security.Authentication;
using Messngr.Bench.Harness;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;

namespace Messngr.Bench.Peers;

/// <summary>
/// The reference peer of scenario 7 (issue #13): Debian's <c>nats-server</c> with JetStream on
/// (<c>-js</c>) and file storage in the run's directory (<c>-sd</c>), on its own bench host, port
/// 4222. The bench publishes to stream <see cref="StreamName"/> (file storage, subjects
/// <c>mbench.&gt;</c>) with acknowledgements: a publish counts when its PubAck came back, which
/// JetStream sends once the message is in the stream. Stored = the stream's message count.
/// <para>
/// With <c>mutualTls</c> (issue #13, equal security with messngr's native transport) the server
/// gets a config file with <c>tls { cert_file, key_file, ca_file, verify: true }</c>
/// (<see cref="JetStreamTlsFiles"/>: a CA of the run, a server and a client certificate) and
/// refuses clients without a certificate from that CA; the client is given its certificate and the
/// CA (<see cref="NatsTlsOpts"/>, <see cref="TlsMode.Require"/>) and offers TLS 1.3 only —
/// nats-server 2.9 has no <c>min_version</c> ("unknown field"), so the client forces it — with the
/// one cipher suite two messngr nodes agree on (OpenSSL's first TLS 1.3 choice,
/// TLS_AES_256_GCM_SHA384; Go would pick AES-128 by itself); the negotiated protocol and cipher
/// suite are recorded from the handshake (<see cref="Negotiated"/>).
/// </para>
/// </summary>
public sealed class JetStreamPeer : IPeer
{
    public const string StreamName = "MBENCH";
    public const string Subject = "mbench.msg";
    public const int Port = 4222;

    private readonly BenchProcess _process;

    private readonly TlsRecorder? _tls;

    private JetStreamPeer(BenchHost host, BenchProcess process, NatsConnection connection, string version, TlsRecorder? tls)
    {
        Host = host;
        _process = process;
        _tls = tls;
        Connection = connection;
        JetStream = new NatsJSContext(connection);
        Label = tls is null ? $"NATS JetStream {version} (file)" : $"NATS JetStream {version} (file, mutual TLS 1.3)";
    }

    public PeerKind Kind => _tls is null ? PeerKind.JetStream : PeerKind.JetStreamTls;

    /// <summary>What the TLS handshake of the client connection agreed, e.g. "Tls13 TLS_AES_128_GCM_SHA256"; null without TLS.</summary>
    public string? Negotiated => _tls?.Negotiated;

    public string Label { get; }

    public BenchHost Host { get; }

    /// <summary>JetStream has no NetBIOS name; the stream's name stands in.</summary>
    public string NetBiosName => StreamName;

    /// <summary>One client connection from the bench's client namespace, shared by every publisher (the kept connection).</summary>
    public NatsConnection Connection { get; }

    public NatsJSContext JetStream { get; }

    /// <summary>Starts <c>nats-server -js</c> in a new host (with mutual TLS when asked) and creates the file-stored stream.</summary>
    internal static async Task<JetStreamPeer> StartAsync(BenchLab lab, CancellationToken cancellationToken, bool mutualTls = false)
    {
        var server = FindServer();
        var role = mutualTls ? "jetstream-tls" : "jetstream";
        var host = lab.AddHost(role);
        var store = Path.Combine(lab.Directory, $"{role}-store");
        Directory.CreateDirectory(store);
        var files = mutualTls ? JetStreamTlsFiles.Create(Path.Combine(lab.Directory, $"{role}-certs"), IPAddress.Parse(host.Address)) : null;
        string[] config = files is null ? [] : ["-c", WriteTlsConfig(Path.Combine(lab.Directory, $"{role}.conf"), files)];
        var process = lab.Start(host, [server, .. config, "-a", host.Address, "-p", Port.ToString(CultureInfo.InvariantCulture), "-js", "-sd", store]);
        if (!process.WaitUntil(() => process.Error.Contains("Server is ready", StringComparison.Ordinal), TimeSpan.FromSeconds(30)))
        {
            var why = process.Describe();
            process.Stop();
            throw new InvalidOperationException($"nats-server did not get ready within 30 s.\n{why}");
        }

        var version = Tool.Exec(host.Namespace, [server, "--version"]).Output.Trim().Replace("nats-server: ", string.Empty, StringComparison.Ordinal);
        var tls = files is null ? null : new TlsRecorder();
        var connection = new NatsConnection(new NatsOpts
        {
            Url = $"{(files is null ? "nats" : "tls")}://{host.Address}:{Port}",
            Name = "messngr-bench",
            SocketConnectionFactory = new NamespaceNatsSocketFactory(lab),
            TlsOpts = files is null ? NatsTlsOpts.Default with { Mode = TlsMode.Disable } : new NatsTlsOpts
            {
                Mode = TlsMode.Require,
                CertFile = files.ClientCertFile,
                KeyFile = files.ClientKeyFile,
                CaFile = files.CaFile,
                ConfigureClientAuthentication = tls!.Configure,
            },
        });
        var peer = new JetStreamPeer(host, process, connection, version, tls);
        try
        {
            await connection.ConnectAsync().ConfigureAwait(false);
            if (tls is not null && tls.Protocol != SslProtocols.Tls13)
            {
                throw new InvalidOperationException($"the JetStream TLS connection negotiated {tls.Negotiated ?? "nothing"}, not TLS 1.3");
            }

            await peer.JetStream.CreateStreamAsync(new StreamConfig(StreamName, [$"mbench.>"]) { Storage = StreamConfigStorage.File }, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            peer.Dispose();
            throw;
        }

        return peer;
    }

    /// <summary>One acknowledged publish; true when JetStream stored it (a PubAck without error).</summary>
    public async Task<bool> PublishAsync(byte[] payload, CancellationToken cancellationToken)
    {
        var ack = await JetStream.PublishAsync(Subject, payload, cancellationToken: cancellationToken).ConfigureAwait(false);
        return ack.Error is null && ack.Seq > 0;
    }

    public long StoredCount()
    {
        var stream = JetStream.GetStreamAsync(StreamName).AsTask().GetAwaiter().GetResult();
        return (long)stream.Info.State.Messages;
    }

    public string Describe() => _process.Describe();

    public void Dispose()
    {
        Connection.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _process.Stop();
        _process.Dispose();
    }

    /// <summary>
    /// The server's TLS block (nats-server 2.9 configuration): its certificate and key, the CA that
    /// issued the client certificates, and <c>verify: true</c> — a client without a certificate
    /// from that CA is refused (mutual TLS, as messngr's native transport requires a client certificate).
    /// </summary>
    private static string WriteTlsConfig(string path, JetStreamTlsFiles files)
    {
        var text = string.Join('\n',
            "# messngr bench, scenario 7: JetStream with mutual TLS (written by JetStreamPeer)",
            "tls {",
            $"  cert_file: \"{files.ServerCertFile}\"",
            $"  key_file: \"{files.ServerKeyFile}\"",
            $"  ca_file: \"{files.CaFile}\"",
            "  verify: true",
            "}",
            string.Empty);
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>Forces TLS 1.3 (and messngr's cipher suite) on the client's handshake and records what it negotiated (from the validation callback, where the stream is mid-handshake).</summary>
    private sealed class TlsRecorder
    {
        public SslProtocols Protocol { get; private set; }

        public string? Negotiated { get; private set; }

        public ValueTask Configure(SslClientAuthenticationOptions options)
        {
            options.EnabledSslProtocols = SslProtocols.Tls13;
            options.CipherSuitesPolicy = new CipherSuitesPolicy([TlsCipherSuite.TLS_AES_256_GCM_SHA384]);
            var validate = options.RemoteCertificateValidationCallback;
            options.RemoteCertificateValidationCallback = (sender, certificate, chain, errors) =>
            {
                if (sender is SslStream stream)
                {
                    Protocol = stream.SslProtocol;
                    Negotiated = $"{stream.SslProtocol} {stream.NegotiatedCipherSuite}";
                }

                return validate is null ? errors == SslPolicyErrors.None : validate(sender, certificate, chain, errors);
            };
            return ValueTask.CompletedTask;
        }
    }

    private static readonly string[] ServerPaths = ["/usr/sbin/nats-server", "/usr/bin/nats-server"];

    private static string FindServer() =>
        ServerPaths.FirstOrDefault(File.Exists)
        ?? throw new InvalidOperationException("nats-server is not installed (bench/run.sh installs Debian's nats-server with apt-get)");
}
