using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Messngr.Daemon.Core;
using Messngr.Daemon.Native;
using Messngr.Daemon.Tests.Hosting;
using Messngr.Daemon.Tests.Users;
using Messngr.Wire.Native;
using Microsoft.Extensions.Time.Testing;

namespace Messngr.Daemon.Tests.Native;

/// <summary>The discovery socket on loopback: accepted and rejected announcements land in the peer table and the counters; PROBE answers are rate-limited (issue #13, item 5).</summary>
public sealed class DiscoveryListenerTests : IAsyncDisposable
{
    private static readonly TimeSpan SafetyNet = TimeSpan.FromSeconds(30);
    private readonly TempDirectory _directory = new();
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private readonly CapturingLogger _log = new();
    private readonly NodeIdentity _self;
    private readonly TrustStore _trust;
    private readonly PeerTable _peers;
    private readonly DiscoveryCounters _counters = new();
    private readonly DiscoveryListener _listener;
    private readonly X509Certificate2 _bob;
    private readonly Socket _sender = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);

    public DiscoveryListenerTests()
    {
        _self = NodeIdentity.LoadOrCreate(_directory.Path, _time);
        _trust = TrustStore.Open(_directory.Path);
        _peers = new PeerTable(8, _trust, [], _time, _log);
        _listener = new DiscoveryListener(new IPEndPoint(IPAddress.Loopback, 0), _self, 2426, () => ["ALICE"], _peers, _counters, new ListenerCounters(), DaemonLimits.Default, _time, _log);
        _listener.Start(CancellationToken.None);
        using var key = NodeCertificates.NewKey();
        _bob = NodeCertificates.SelfSigned(key, _time.GetUtcNow());
        _trust.Add(new TrustEntry(NodeId.FromCertificate(_bob), "BOB", _time.GetUtcNow(), 0, TrustSource.Manual));
    }

    public async ValueTask DisposeAsync()
    {
        _sender.Dispose();
        await _listener.DisposeAsync();
        _self.Dispose();
        _bob.Dispose();
        _directory.Dispose();
    }

    private void Send(byte[] datagram) => _sender.SendTo(datagram, new IPEndPoint(IPAddress.Loopback, _listener.BoundPort));

    private static async Task Until(Func<bool> done)
    {
        using var timeout = new CancellationTokenSource(SafetyNet);
        while (!done())
        {
            await Task.Delay(20, timeout.Token);
        }
    }

    [Fact]
    public async Task A_trusted_announce_is_listed_and_a_tampered_one_counted_as_rejected()
    {
        var announcer = new DiscoveryAnnouncer(_bob, _time);
        var tampered = announcer.Build(2426, ["BOB"]);
        tampered[^1] ^= 0x55;
        Send(tampered);
        Send(announcer.Build(2426, ["BOB"]));
        await Until(() => _counters.AnnouncementsAccepted == 1 && _counters.Rejected(DiscoveryRejection.Signature) == 1);
        var row = Assert.Single(_peers.Snapshot());
        Assert.Equal(NodeId.FromCertificate(_bob), row.Id);
        Assert.Equal(["BOB"], row.Names);
        Assert.Equal("127.0.0.1", row.Address);
        Assert.True(row.Trusted);
        Assert.Equal(1, _counters.Snapshot().Single(c => c.Key == "announcementsRejected").Value);
    }

    [Fact]
    public async Task Our_own_announce_looped_back_is_not_listed()
    {
        Send(new DiscoveryAnnouncer(_self.Certificate, _time).Build(2426, ["ALICE"]));
        Send(new ProbeDatagram(_time.GetUtcNow().ToUnixTimeMilliseconds(), ["NOBODY"]).ToArray());
        await Until(() => _counters.ProbesReceived == 1);
        Assert.Empty(_peers.Snapshot());
        Assert.Equal(0, _counters.AnnouncementsAccepted);
    }

    [Fact]
    public async Task Probes_are_answered_at_most_once_per_interval()
    {
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        for (var i = 0; i < 3; i++)
        {
            Send(new ProbeDatagram(now, ["alice"]).ToArray());
        }

        Send(new ProbeDatagram(now, ["NOBODY"]).ToArray());
        await Until(() => _counters.ProbesReceived == 4);
        Assert.Equal(2, _counters.Rejected(DiscoveryRejection.RateLimited));
        _time.Advance(TimeSpan.FromSeconds(1));
        Send(new ProbeDatagram(now, []).ToArray());
        await Until(() => _counters.ProbesReceived == 5);
        Assert.Equal(2, _counters.Rejected(DiscoveryRejection.RateLimited));
    }

    [Fact]
    public async Task Garbage_is_counted_as_malformed()
    {
        Send([0x4d, 0x53, 0x47, 0x52, 9, 9]);
        await Until(() => _counters.Rejected(DiscoveryRejection.Malformed) == 1);
        Assert.Empty(_peers.Snapshot());
    }
}
