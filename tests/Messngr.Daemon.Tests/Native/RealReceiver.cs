using System.Net;
using System.Security.Cryptography.X509Certificates;
using Messngr.Daemon.Core;
using Messngr.Daemon.Messages;
using Messngr.Daemon.Native;
using Messngr.Daemon.Store;
using Messngr.Daemon.Tests.Hosting;
using Messngr.Daemon.Tests.Users;

namespace Messngr.Daemon.Tests.Native;

/// <summary>A receiving node on 127.0.0.1: its real <see cref="NativeSession"/>, store, pipeline and trust list (trusting <c>client</c> as ALICE); it has the name BOB.</summary>
internal sealed class RealReceiver : IAsyncDisposable
{
    private readonly TempDirectory _directory = new();
    private readonly MessagePipeline _pipeline;
    private readonly Task _writer;
    private readonly TlsEndpointListener _listener;
    private int _sessions;

    public RealReceiver(X509Certificate2 client, X509Certificate2 certificate, CapturingLogger log, DaemonLimits limits)
    {
        Inbox = new SqliteMessageStore(_directory.Path);
        _pipeline = new MessagePipeline(new ListenerCounters(), Inbox);
        _writer = Task.Run(_pipeline.RunAsync);
        var trust = TrustStore.Open(_directory.Path);
        trust.Add(new TrustEntry(NodeId.FromCertificate(client), "ALICE", DateTimeOffset.UtcNow, 0, TrustSource.Manual));
        NameInfo[] names = [new("BOB", 0x03, false, NameKind.User, NameState.Registered, 1000, null)];
        var context = new NativeSessionContext(to => NativeEndpoint.MatchRecipient(names, to), () => ["BOB"], _pipeline.PublishAsync, limits, TimeProvider.System, log)
        {
            CommitMany = _pipeline.PublishAsync, // as serve wires it (NativeEndpoint)
        };
        _listener = new TlsEndpointListener(new IPEndPoint(IPAddress.Loopback, 0), certificate, new TrustPeerVerifier(new TrustPolicy(trust, null, false, TimeProvider.System, log)), (channel, token) =>
        {
            Interlocked.Increment(ref _sessions);
            return NativeSession.ServeAsync(channel, context, token);
        }, new ListenerCounters(), log) { Limits = limits };
        _listener.Start(CancellationToken.None);
        Assert.True(_listener.Status.Bound, _listener.Status.Error);
    }

    public SqliteMessageStore Inbox { get; }

    public IPEndPoint EndPoint => new(IPAddress.Loopback, _listener.BoundPort);

    /// <summary>Sessions served: one per connection, each opened by one HELLO.</summary>
    public int Sessions => Volatile.Read(ref _sessions);

    public async ValueTask DisposeAsync()
    {
        await _listener.DisposeAsync();
        _pipeline.Complete();
        await _writer;
        Inbox.Dispose();
        _directory.Dispose();
    }
}
