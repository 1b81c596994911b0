using System.Net;
using Messngr.Wire.NetBios.NameService;
using static Messngr.Daemon.Tests.Names.NameServiceHarness;
using Messngr.Daemon.Core;

namespace Messngr.Daemon.Tests.Names;

/// <summary>
/// Unsolicited NAME CONFLICT DEMANDs (RFC 1002 4.2.8, issue #11 item 2): ignored by default, as
/// nmbd does; with 'name release on demand' a unique name obeys, a group name never.
/// </summary>
public sealed class ConflictDemandTests
{
    private static readonly IPEndPoint Spoofer = new(IPAddress.Parse("10.0.0.66"), 137);

    [Theory]
    [InlineData("HOSTB", 0x03)]
    [InlineData("HOSTB", 0x00)]
    [InlineData("ALICE", 0x03)]
    [InlineData("LAB", 0x00)]
    public void Unsolicited_conflict_demand_is_ignored_by_default(string name, byte suffix)
    {
        var h = new NameServiceHarness();
        h.StartAndRegister();
        Assert.False(h.Service.Handle(NbnsPackets.NameConflictDemand(0x9999, Name(name, suffix)), Spoofer, out var reply));
        Assert.Null(reply);
        Assert.All(h.Names.All, n => Assert.Equal(NameState.Registered, n.State));
        Assert.NotNull(h.Receive(NbnsPackets.NameQuery(0x4242, Name(name, suffix), broadcast: true)));
        Assert.Empty(h.Sender.Sent);
    }

    [Fact]
    public void With_release_on_demand_a_unique_name_goes_to_conflict()
    {
        var h = ObeyingDemands();
        h.StartAndRegister();
        var hostb = Name("HOSTB");
        h.Receive(NbnsPackets.NameConflictDemand(0x9999, hostb), Peer);
        var info = h.Service.Snapshot().Single(n => n.Name == "HOSTB" && n.Suffix == 3);
        Assert.Equal((NameState.Conflict, "conflict demand from 10.0.0.5"), (info.State, info.Detail));
        Assert.False(h.Names.IsMessengerName(hostb));
        Assert.Equal(NameState.Registered, h.Entry(Name("HOSTB", 0)).State);
    }

    [Fact]
    public void With_release_on_demand_the_workgroup_group_name_never_goes_to_conflict()
    {
        var h = ObeyingDemands();
        h.StartAndRegister();
        Assert.False(h.Service.Handle(NbnsPackets.NameConflictDemand(0x9999, Name("LAB", 0)), Spoofer, out _));
        Assert.Equal(NameState.Registered, h.Entry(Name("LAB", 0)).State);
        Assert.True(h.Names.AcceptsRecipient("LAB"u8, includeWorkgroup: true));
    }
}
