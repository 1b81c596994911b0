using Messngr.Wire.NetBios.NameService;
using static Messngr.Daemon.Tests.Names.NameServiceHarness;
using Messngr.Daemon.Core;

namespace Messngr.Daemon.Tests.Names;

public sealed class ShutdownTests
{
    // A NAME CONFLICT DEMAND is how these tests put a name in conflict: the harness obeys it.
    private readonly NameServiceHarness _h = ObeyingDemands();

    [Fact]
    public async Task Shutdown_broadcasts_three_releases_for_every_registered_name_but_none_for_names_in_conflict()
    {
        _h.StartAndRegister();
        _h.Receive(NbnsPackets.NameConflictDemand(0x9999, Name("ALICE")), Peer);
        var stop = _h.Service.StopAsync(CancellationToken.None);
        Eventually(() => _h.Sender.Sent.Count(s => s.Packet.Flags.Value == 0x3010) == 3);
        _h.Time.Advance(TimeSpan.FromMilliseconds(500));
        Assert.False(stop.IsCompleted);
        _h.Time.Advance(TimeSpan.FromMilliseconds(250));
        await stop.WaitAsync(TimeSpan.FromSeconds(5));

        var sent = _h.Sender.Sent;
        Assert.All(sent, s => Assert.Equal((0x3010, Broadcast), (s.Packet.Flags.Value, s.To)));
        Assert.All(sent, s => Assert.Equal(0u, s.Packet.Additional!.Ttl));
        Assert.Equal(
            ["HOSTB<00>", "HOSTB<03>", "LAB<00>"],
            sent.Select(s => s.Packet.Question!.Name.ToString()).Distinct());
        Assert.Equal(9, sent.Count);
        Assert.Equal(0x8000, Assert.IsType<NbRData>(sent.First(s => s.Packet.Question!.Name.ToString() == "LAB<00>").Packet.Additional!.Data).Entries[0].Flags.Value);
        Assert.Equal(NameState.Conflict, _h.Entry(Name("ALICE")).State);
    }

    [Fact]
    public async Task Shutdown_waits_no_longer_than_its_deadline()
    {
        _h.StartAndRegister();
        using var deadline = new CancellationTokenSource();
        var stop = _h.Service.StopAsync(deadline.Token);
        await deadline.CancelAsync();
        await stop.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(4, _h.Sender.Sent.Count);
    }

    [Fact]
    public async Task After_shutdown_names_cannot_be_added()
    {
        _h.StartAndRegister();
        var stop = _h.Service.StopAsync(CancellationToken.None);
        // the releases start on another thread once the user loop has ended: wait for the first
        Eventually(() => _h.Sender.Sent.Any(s => s.Packet.Flags.Value == 0x3010));
        _h.Time.Advance(TimeSpan.FromSeconds(1));
        await stop.WaitAsync(TimeSpan.FromSeconds(5));
        var result = await _h.Service.AddAsync("BOB", NameKind.Alias, 1000, CancellationToken.None);
        Assert.Equal(NameChangeOutcome.Invalid, result.Outcome);
    }
}
