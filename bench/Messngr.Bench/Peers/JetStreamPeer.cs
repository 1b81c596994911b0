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
/// </summary>
public sealed class JetStreamPeer : IPeer
{
    public const string StreamName = "MBENCH";
    public const string Subject = "mbench.msg";
    public const int Port = 4222;

    private readonly BenchProcess _process;

    private JetStreamPeer(BenchHost host, BenchProcess process, NatsConnection connection, string version)
    {
        Host = host;
        _process = process;
        Connection = connection;
        JetStream = new NatsJSContext(connection);
        Label = $"NATS JetStream {version} (file)";
    }

    public PeerKind Kind => PeerKind.JetStream;

    public string Label { get; }

    public BenchHost Host { get; }

    /// <summary>JetStream has no NetBIOS name; the stream's name stands in.</summary>
    public string NetBiosName => StreamName;

    /// <summary>One client connection from the bench's client namespace, shared by every publisher (the kept connection).</summary>
    public NatsConnection Connection { get; }

    public NatsJSContext JetStream { get; }

    /// <summary>Starts <c>nats-server -js</c> in a new host and creates the file-stored stream.</summary>
    internal static async Task<JetStreamPeer> StartAsync(BenchLab lab, CancellationToken cancellationToken)
    {
        var server = FindServer();
        var host = lab.AddHost("jetstream");
        var store = Path.Combine(lab.Directory, "jetstream-store");
        Directory.CreateDirectory(store);
        var process = lab.Start(host, [server, "-a", host.Address, "-p", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-js", "-sd", store]);
        if (!process.WaitUntil(() => process.Error.Contains("Server is ready", StringComparison.Ordinal), TimeSpan.FromSeconds(30)))
        {
            var why = process.Describe();
            process.Stop();
            throw new InvalidOperationException($"nats-server did not get ready within 30 s.\n{why}");
        }

        var version = Tool.Exec(host.Namespace, [server, "--version"]).Output.Trim().Replace("nats-server: ", string.Empty, StringComparison.Ordinal);
        var connection = new NatsConnection(new NatsOpts
        {
            Url = $"nats://{host.Address}:{Port}",
            Name = "messngr-bench",
            SocketConnectionFactory = new NamespaceNatsSocketFactory(lab),
        });
        var peer = new JetStreamPeer(host, process, connection, version);
        try
        {
            await connection.ConnectAsync().ConfigureAwait(false);
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

    private static readonly string[] ServerPaths = ["/usr/sbin/nats-server", "/usr/bin/nats-server"];

    private static string FindServer() =>
        ServerPaths.FirstOrDefault(File.Exists)
        ?? throw new InvalidOperationException("nats-server is not installed (bench/run.sh installs Debian's nats-server with apt-get)");
}
