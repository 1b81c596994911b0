using Messngr.Daemon.Control;
using Messngr.Wire.NetBios;
using Messngr.Wire.NetBios.NameService;
using static Messngr.Daemon.Tests.Names.NameServiceHarness;
using Messngr.Daemon.Core;

namespace Messngr.Daemon.Tests.Names;

public sealed class WinsRegistrationTests
{
    private readonly NameServiceHarness _h = new(wins: true);

    private static NbAddressEntry Entry(NbnsPacket request) => Assert.IsType<NbRData>(request.Additional!.Data).Entries[0];

    private NbnsPacket Request(NetBiosName name) => _h.SentFor(name)[^1].Packet;

    private void GrantAll(uint ttl)
    {
        foreach (var entry in _h.Names.All)
        {
            var request = Request(entry.Name);
            _h.Receive(NbnsPackets.PositiveRegistrationResponse(request.TransactionId, entry.Name, Entry(request), ttl), Wins);
        }
    }

    [Fact]
    public void Start_registers_every_name_by_unicast_to_the_wins_server_as_a_p_node()
    {
        _h.Start();
        var sent = _h.Sender.Sent;
        Assert.Equal(4, sent.Count);
        Assert.All(sent, s =>
        {
            Assert.Equal(Wins, s.To);
            Assert.Equal(0x2900, s.Packet.Flags.Value);
            Assert.Equal(259_200u, s.Packet.Additional!.Ttl);
            Assert.Equal(NbnsNodeType.PNode, Entry(s.Packet).Flags.NodeType);
            Assert.Equal(Us, Entry(s.Packet).Address);
        });
        Assert.Equal(0xA000, Entry(_h.SentFor(Name("LAB", 0))[0].Packet).Flags.Value);
    }

    [Fact]
    public void Positive_response_registers_and_schedules_a_refresh_at_half_the_ttl()
    {
        _h.Start();
        GrantAll(21_600);
        Assert.All(_h.Names.All, n => Assert.Equal(NameState.Registered, n.State));
        _h.Sender.Clear();

        _h.Time.Advance(TimeSpan.FromSeconds(10_799));
        Assert.Empty(_h.Sender.Sent);
        _h.Time.Advance(TimeSpan.FromSeconds(1));
        var refreshes = _h.Sender.Sent;
        Assert.Equal(4, refreshes.Count);
        Assert.All(refreshes, r => Assert.Equal((0x4000, Wins), (r.Packet.Flags.Value, r.To)));

        // The refresh answer schedules the next one.
        _h.Sender.Clear();
        foreach (var r in refreshes)
        {
            var name = r.Packet.Question!.Name;
            _h.Receive(NbnsPackets.PositiveRegistrationResponse(r.Packet.TransactionId, name, Entry(r.Packet), 21_600), Wins);
        }

        _h.Time.Advance(TimeSpan.FromSeconds(10_800));
        Assert.Equal(4, _h.Sender.Sent.Count(s => s.Packet.Flags.Value == 0x4000));
    }

    [Fact]
    public void Short_ttl_is_refreshed_no_sooner_than_every_five_minutes()
    {
        _h.Start();
        GrantAll(60);
        _h.Sender.Clear();
        _h.Time.Advance(TimeSpan.FromSeconds(299));
        Assert.Empty(_h.Sender.Sent);
        _h.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(4, _h.Sender.Sent.Count);
    }

    [Fact]
    public void Wack_makes_us_wait_its_ttl_before_retransmitting_then_negative_means_conflict()
    {
        _h.Start();
        var alice = Name("ALICE");
        var request = Request(alice);
        _h.Receive(NbnsPackets.Wack(request, 60), Wins);
        _h.Time.Advance(TimeSpan.FromSeconds(59));
        Assert.Single(_h.SentFor(alice));
        Assert.Equal(NameState.Registering, _h.Entry(alice).State);

        _h.Receive(NbnsPackets.NegativeRegistrationResponse(request.TransactionId, alice, Entry(request)), Wins);
        var info = _h.Service.Snapshot().Single(n => n.Name == "ALICE");
        Assert.Equal((NameState.Conflict, "refused by WINS 10.0.0.9 (ACT_ERR)"), (info.State, info.Detail));
        Assert.Null(_h.Names.Find(alice));
    }

    [Fact]
    public void Negative_response_from_wins_puts_the_name_in_conflict()
    {
        _h.Start();
        var hostb = Name("HOSTB");
        var request = Request(hostb);
        _h.Receive(NbnsPackets.NegativeRegistrationResponse(request.TransactionId, hostb, Entry(request), NbnsRcode.ACT_ERR), Wins);
        Assert.Equal(NameState.Conflict, _h.Entry(hostb).State);
    }

    [Fact]
    public void Answers_to_our_wins_requests_from_another_address_are_ignored()
    {
        _h.Start();
        var hostb = Name("HOSTB");
        var request = Request(hostb);
        _h.Receive(NbnsPackets.NegativeRegistrationResponse(request.TransactionId, hostb, Entry(request)), Peer);
        Assert.Equal(NameState.Registering, _h.Entry(hostb).State);
    }

    [Fact]
    public void Silent_wins_server_gets_three_tries_then_the_name_is_held_locally_and_retried()
    {
        _h.Start();
        var alice = Name("ALICE");
        _h.Time.Advance(TimeSpan.FromMilliseconds(3000));
        Assert.Equal(3, _h.SentFor(alice).Count);
        Assert.Equal(NameState.Registering, _h.Entry(alice).State);
        _h.Time.Advance(TimeSpan.FromMilliseconds(1500));
        var info = _h.Service.Snapshot().Single(n => n.Name == "ALICE");
        Assert.Equal(NameState.Registered, info.State);
        Assert.Contains("did not answer", info.Detail, StringComparison.Ordinal);

        _h.Time.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(4, _h.SentFor(alice).Count);
        Assert.Equal(0x2900, _h.SentFor(alice)[^1].Packet.Flags.Value);
    }

    [Fact]
    public async Task Shutdown_releases_every_name_with_wins_by_unicast()
    {
        _h.Start();
        GrantAll(21_600);
        _h.Sender.Clear();
        var stop = _h.Service.StopAsync(CancellationToken.None);
        Eventually(() => _h.Sender.Sent.Count == 4);
        var releases = _h.Sender.Sent;
        Assert.All(releases, r => Assert.Equal((0x3000, Wins), (r.Packet.Flags.Value, r.To)));
        Assert.False(stop.IsCompleted);
        foreach (var r in releases)
        {
            _h.Receive(NbnsPackets.PositiveReleaseResponse(r.Packet.TransactionId, r.Packet.Question!.Name, Entry(r.Packet)), Wins);
        }

        await stop.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(4, _h.Sender.Sent.Count);
    }

    [Fact]
    public async Task Shutdown_with_a_silent_wins_server_sends_each_release_three_times_one_and_a_half_seconds_apart()
    {
        _h.Start();
        GrantAll(21_600);
        _h.Sender.Clear();
        var stop = _h.Service.StopAsync(CancellationToken.None);
        Eventually(() => _h.Sender.Sent.Count == 4);
        _h.Time.Advance(TimeSpan.FromMilliseconds(1499));
        Assert.Equal(4, _h.Sender.Sent.Count);
        _h.Time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(8, _h.Sender.Sent.Count);
        _h.Time.Advance(TimeSpan.FromMilliseconds(1500));
        Assert.Equal(12, _h.Sender.Sent.Count);
        Assert.False(stop.IsCompleted);
        _h.Time.Advance(TimeSpan.FromMilliseconds(1500));
        await stop.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.All(_h.Sender.Sent, r => Assert.Equal((0x3000, Wins), (r.Packet.Flags.Value, r.To)));
        Assert.All(_h.Names.All, n => Assert.Equal(3, _h.SentFor(n.Name).Count));
    }

    [Fact]
    public async Task Shutdown_release_answered_by_the_wins_server_is_sent_once_per_name()
    {
        _h.Start();
        GrantAll(21_600);
        _h.Sender.Clear();
        var stop = _h.Service.StopAsync(CancellationToken.None);
        Eventually(() => _h.Sender.Sent.Count == 4);
        foreach (var r in _h.Sender.Sent)
        {
            _h.Receive(NbnsPackets.PositiveReleaseResponse(r.Packet.TransactionId, r.Packet.Question!.Name, Entry(r.Packet)), Wins);
        }

        await stop.WaitAsync(TimeSpan.FromSeconds(5));
        _h.Time.Advance(TimeSpan.FromSeconds(10));
        Assert.All(_h.Names.All, n => Assert.Single(_h.SentFor(n.Name)));
    }
}
