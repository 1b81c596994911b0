using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Messngr.Bench.Harness;
using Messngr.Daemon.Core;
using Messngr.Daemon.Native;
using Messngr.Daemon.Store;
using Messngr.Wire.Native;
using Microsoft.Extensions.Logging.Abstractions;

namespace Messngr.Bench.Native;

/// <summary>
/// The bench's own messngr node (issue #13, scenarios 7 and 9): a state directory of its own with
/// its node key and certificate (<see cref="NodeIdentity"/>), its trust list and its outbox store,
/// and the daemon's <see cref="NativeSender"/> over a <see cref="TlsConnectionPool"/> — the code
/// <c>messngr serve</c> sends with. Its sockets live in the bench's client namespace: the
/// connector's socket is made on a thread that entered it (the connect starts synchronously).
/// </summary>
internal sealed class BenchNode : IAsyncDisposable
{
    private readonly BenchLab _lab;
    private readonly TlsConnector _connector;
    private readonly TrustPolicy _policy;
    private readonly SslStreamCertificateContext _certificate;

    private BenchNode(BenchLab lab, string stateDirectory, NodeIdentity identity, TrustStore trust)
    {
        _lab = lab;
        StateDirectory = stateDirectory;
        Identity = identity;
        Trust = trust;
        _policy = new TrustPolicy(trust, workgroupCa: null, trustOnFirstUse: false, TimeProvider.System, NullLogger.Instance);
        _connector = new TlsConnector(identity.Certificate, new TrustPeerVerifier(_policy));
        _certificate = SslStreamCertificateContext.Create(identity.Certificate, additionalCertificates: null, offline: true);
        Store = new SqliteMessageStore(stateDirectory);
        Pool = new TlsConnectionPool((endPoint, peer, token) => lab.InNamespace(lab.Client, () => _connector.ConnectAsync(endPoint, peer, token)), DaemonLimits.Default, TimeProvider.System);
        Sender = new NativeSender(Pool, Store, DaemonLimits.Default, TimeProvider.System, NullLogger.Instance);
    }

    public string StateDirectory { get; }

    public NodeIdentity Identity { get; }

    public TrustStore Trust { get; }

    /// <summary>The bench's outbox (the sender records queued → sent → stored here, as serve does).</summary>
    public SqliteMessageStore Store { get; }

    public TlsConnectionPool Pool { get; }

    /// <summary>The daemon's sender: <c>SendAsync(endpoint, message)</c> ends at the receiver's RECEIPT.</summary>
    public NativeSender Sender { get; }

    /// <summary>
    /// A node with a fresh identity in <c>/dev/shm/mbench-SUFFIX-ROLE</c> (removed at dispose, and by
    /// run.sh's trap): the sender's outbox commits cost no fsync on the disk the receiver under test
    /// commits to, as JetStream's publisher keeps nothing on disk either.
    /// </summary>
    public static BenchNode Create(BenchLab lab, string role)
    {
        var state = $"/dev/shm/mbench-{lab.Suffix}-{role}";
        Directory.CreateDirectory(state);
        File.SetUnixFileMode(state, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var identity = NodeIdentity.LoadOrCreate(state, TimeProvider.System);
        return new BenchNode(lab, state, identity, TrustStore.Open(state));
    }

    /// <summary>The node id in <paramref name="stateDirectory"/>'s <c>node-cert.pem</c> (a peer's, after its first start).</summary>
    public static NodeId ReadNodeId(string stateDirectory)
    {
        using var certificate = X509Certificate2.CreateFromPem(File.ReadAllText(NodeIdentity.CertificatePath(stateDirectory)));
        return NodeId.FromCertificate(certificate);
    }

    /// <summary>Writes <paramref name="id"/> into the trust list in <paramref name="stateDirectory"/> (0600; before its owner starts, as <c>messngr trust add</c> would).</summary>
    public static void TrustIn(string stateDirectory, NodeId id)
    {
        Directory.CreateDirectory(stateDirectory);
        AddTrusted(TrustStore.Open(stateDirectory), id);
    }

    /// <summary>Trusts a peer node on the bench's side (the list its policy reads at every handshake).</summary>
    public void TrustPeer(NodeId id) => AddTrusted(Trust, id);

    private static void AddTrusted(TrustStore store, NodeId id)
    {
        var (outcome, _) = store.Add(new TrustEntry(id, null, DateTimeOffset.UtcNow, 0, TrustSource.Manual));
        if (outcome is not TrustChangeOutcome.Added and not TrustChangeOutcome.AlreadyTrusted)
        {
            throw new InvalidOperationException($"could not trust node {id} in {store.FilePath}: {outcome}");
        }
    }

    /// <summary>
    /// One more connection to <paramref name="endPoint"/> from <paramref name="localAddress"/> in the
    /// client namespace, TLS 1.3 with this node's certificate (the daemon's handshake), then HELLO and
    /// its HELLO-ACK. Not pooled: the caller owns it (scenario 9 holds many idle).
    /// </summary>
    public async Task<IFrameChannel> OpenHelloedAsync(IPAddress localAddress, IPEndPoint endPoint, string targetHost, CancellationToken cancellationToken)
    {
        var socket = _lab.CreateSocket(_lab.Client, SocketType.Stream, ProtocolType.Tcp);
        TlsFrameChannel channel;
        try
        {
            socket.NoDelay = true;
            socket.Bind(new IPEndPoint(localAddress, 0));
            await socket.ConnectAsync(endPoint, cancellationToken).ConfigureAwait(false);
            channel = await TlsHandshake.ConnectAsync(socket, endPoint, targetHost, _certificate, new TrustPeerVerifier(_policy), DaemonLimits.Default, TimeProvider.System, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        try
        {
            var offer = new NativeOffer(NativeFrameCodec.ToWire(DateTimeOffset.UtcNow), DaemonLimits.Default.NativeMaxFrameLength, DaemonLimits.Default.NativeMaxInFlight, NativeCapabilities.None, []);
            await channel.SendAsync(NativeFrameCodec.Encode(new HelloFrame([NativeLimits.Version1], offer)), cancellationToken).ConfigureAwait(false);
            var body = await channel.ReceiveAsync(cancellationToken).ConfigureAwait(false)
                ?? throw new IOException($"{endPoint} closed the connection instead of answering HELLO");
            var answer = NativeFrameCodec.Decode(body, NativeLimits.MaxFrameLength);
            if (answer.Frame is not HelloAckFrame)
            {
                throw new IOException($"{endPoint} answered HELLO with {answer.Frame?.Type.ToString() ?? answer.Fault.Reason.ToString()}");
            }

            return channel;
        }
        catch
        {
            await channel.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        Sender.Dispose();
        await Pool.DisposeAsync().ConfigureAwait(false);
        Store.Dispose();
        Identity.Dispose();
        Directory.Delete(StateDirectory, recursive: true);
    }
}
