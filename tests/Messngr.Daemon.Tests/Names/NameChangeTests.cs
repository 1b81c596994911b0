using Messngr.Daemon.Listeners;
using Messngr.Wire.NetBios.NameService;
using static Messngr.Daemon.Tests.Names.NameServiceHarness;
using Messngr.Daemon.Core;
using Messngr.Daemon.Names;

namespace Messngr.Daemon.Tests.Names;

public sealed class NameChangeTests
{
    private const uint Root = 0;
    private const uint Alice = 1000;
    private const uint Bob = 1001;

    // A NAME CONFLICT DEMAND is how these tests put a name in conflict: the harness obeys it.
    private readonly NameServiceHarness _h = ObeyingDemands();

    public NameChangeTests() => _h.StartAndRegister();

    private async Task<NameChangeResult> AddAndWaitAsync(string name, uint? owner = Alice)
    {
        var add = _h.Service.AddAsync(name, NameKind.Alias, owner, CancellationToken.None);
        _h.Time.Advance(TimeSpan.FromMilliseconds(750));
        return await add.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Added_name_is_registered_by_broadcast_and_completes_when_registered()
    {
        var add = _h.Service.AddAsync("carol", NameKind.Alias, Alice, CancellationToken.None);
        Assert.False(add.IsCompleted);
        var entry = _h.Entry(Name("CAROL"));
        Assert.Equal((NameState.Registering, NameKind.Alias, (uint?)Alice), (entry.State, entry.Kind, entry.OwnerUid));
        Assert.Equal(0x2910, _h.SentFor(Name("CAROL"))[0].Packet.Flags.Value);

        _h.Time.Advance(TimeSpan.FromMilliseconds(750));
        var result = await add.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(NameChangeOutcome.Ok, result.Outcome);
        Assert.True(_h.Names.AcceptsRecipient("Carol"u8, includeWorkgroup: false));
    }

    [Fact]
    public async Task Added_name_owned_by_another_node_completes_as_a_conflict()
    {
        var add = _h.Service.AddAsync("CAROL", NameKind.Alias, Alice, CancellationToken.None);
        var request = _h.SentFor(Name("CAROL"))[0].Packet;
        var entry = Assert.IsType<NbRData>(request.Additional!.Data).Entries[0];
        _h.Receive(NbnsPackets.NegativeRegistrationResponse(request.TransactionId, Name("CAROL"), entry), Peer);
        var result = await add.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(NameChangeOutcome.Conflict, result.Outcome);
        Assert.Contains("owned by 10.0.0.5", result.Message, StringComparison.Ordinal);

        // Adding it again retries the registration.
        var again = await AddAndWaitAsync("CAROL");
        Assert.Equal(NameChangeOutcome.Ok, again.Outcome);
        Assert.Equal(NameState.Registered, _h.Entry(Name("CAROL")).State);
    }

    [Theory]
    [InlineData("ALICE", "AlreadyExists")]
    [InlineData("hostb", "Forbidden")] // the computer name: never a user's (issue #10, item 3)
    [InlineData("LAB", "Invalid")]
    [InlineData("SIXTEENCHARSLONG", "Invalid")]
    [InlineData("名前", "Invalid")]
    [InlineData("", "Invalid")]
    [InlineData("   ", "Invalid")]
    [InlineData("*SMBSERVER", "Invalid")]
    [InlineData("BAD\u001bNAME", "Invalid")]
    public async Task Add_rejects_duplicates_and_names_that_cannot_be_netbios_names(string name, string expected)
    {
        var count = _h.Names.Count;
        var result = await _h.Service.AddAsync(name, NameKind.Alias, Alice, CancellationToken.None);
        Assert.Equal(Enum.Parse<NameChangeOutcome>(expected), result.Outcome);
        Assert.False(string.IsNullOrWhiteSpace(result.Message));
        Assert.Equal(count, _h.Names.Count);
        Assert.Empty(_h.Sender.Sent);
    }

    [Theory]
    [InlineData("BAD*NAME")]
    [InlineData("x?y")]
    [InlineData("a/b")]
    public async Task Add_refuses_what_send_and_serve_refuse_with_the_same_text(string name)
    {
        // Issue #12, item 10: a '*' inside the name (or any of \ / : ? " < > |) was registered.
        var result = await _h.Service.AddAsync(name, NameKind.Alias, Alice, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal((NameChangeOutcome.Invalid, NetBiosNameRule.Validate(name, string.Empty)), (result.Outcome, result.Message));
        Assert.Empty(_h.Sender.Sent);
    }

    [Fact]
    public async Task Fifteen_bytes_is_the_longest_name()
    {
        Assert.Equal(NameChangeOutcome.Ok, (await AddAndWaitAsync("FIFTEENCHARSLON")).Outcome);
        Assert.Equal(NameChangeOutcome.Ok, (await AddAndWaitAsync("Ümlaut")).Outcome);
    }

    [Fact]
    public async Task Add_refuses_once_the_table_holds_the_most_a_node_status_can_list()
    {
        for (var i = _h.Names.Count; i < LocalNames.MaxNames; i++)
        {
            Assert.True(_h.Names.TryAdd(new LocalName(Name($"N{i}"), false)));
        }

        var result = await _h.Service.AddAsync("ONEMORE", NameKind.Alias, Alice, CancellationToken.None);
        Assert.Equal(NameChangeOutcome.Invalid, result.Outcome);
        Assert.Contains("full", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Only_computer_and_workgroup_kinds_cannot_be_added()
    {
        var result = await _h.Service.AddAsync("OTHER", NameKind.Computer, Root, CancellationToken.None);
        Assert.Equal(NameChangeOutcome.Invalid, result.Outcome);
    }

    [Fact]
    public async Task Owner_deletes_a_name_which_is_released_by_three_broadcasts_and_leaves_the_table()
    {
        await AddAndWaitAsync("CAROL", Alice);
        _h.Sender.Clear();
        var delete = _h.Service.DeleteAsync("carol", Alice, CancellationToken.None);
        Assert.Equal(NameState.Releasing, _h.Entry(Name("CAROL")).State);
        Assert.Null(_h.Names.Find(Name("CAROL")));
        _h.Time.Advance(TimeSpan.FromMilliseconds(750));
        var result = await delete.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(NameChangeOutcome.Ok, result.Outcome);
        Assert.Null(_h.Names.FindAny(Name("CAROL")));
        Assert.Equal(3, _h.Sender.Sent.Count);
        Assert.All(_h.Sender.Sent, s => Assert.Equal((0x3010, Broadcast, "CAROL<03>"), (s.Packet.Flags.Value, s.To, s.Packet.Question!.Name.ToString())));
    }

    [Fact]
    public async Task Another_user_may_not_delete_a_name_but_root_may()
    {
        await AddAndWaitAsync("CAROL", Alice);
        Assert.Equal(NameChangeOutcome.Forbidden, (await _h.Service.DeleteAsync("CAROL", Bob, CancellationToken.None)).Outcome);
        Assert.NotNull(_h.Names.Find(Name("CAROL")));
        var delete = _h.Service.DeleteAsync("CAROL", Root, CancellationToken.None);
        _h.Time.Advance(TimeSpan.FromMilliseconds(750));
        Assert.Equal(NameChangeOutcome.Ok, (await delete.WaitAsync(TimeSpan.FromSeconds(5))).Outcome);
    }

    [Fact]
    public async Task Configured_aliases_belong_to_root()
    {
        Assert.Equal(NameChangeOutcome.Forbidden, (await _h.Service.DeleteAsync("ALICE", Alice, CancellationToken.None)).Outcome);
    }

    [Fact]
    public async Task The_computer_name_cannot_be_deleted_even_by_root()
    {
        var result = await _h.Service.DeleteAsync("HOSTB", Root, CancellationToken.None);
        Assert.Equal(NameChangeOutcome.Forbidden, result.Outcome);
        Assert.NotNull(_h.Names.Find(Name("HOSTB")));
        Assert.Empty(_h.Sender.Sent);
    }

    [Theory]
    [InlineData("NOSUCH")]
    [InlineData("LAB")]
    [InlineData("TOOLONGFORANETBIOSNAME")]
    public async Task Deleting_a_name_not_in_the_table_is_not_found(string name)
    {
        Assert.Equal(NameChangeOutcome.NotFound, (await _h.Service.DeleteAsync(name, Root, CancellationToken.None)).Outcome);
    }

    [Fact]
    public async Task A_name_in_conflict_is_deleted_without_a_release()
    {
        await AddAndWaitAsync("CAROL", Alice);
        _h.Receive(NbnsPackets.NameConflictDemand(0x9999, Name("CAROL")), Peer);
        _h.Sender.Clear();
        var result = await _h.Service.DeleteAsync("CAROL", Alice, CancellationToken.None);
        Assert.Equal(NameChangeOutcome.Ok, result.Outcome);
        Assert.Null(_h.Names.FindAny(Name("CAROL")));
        Assert.Empty(_h.Sender.Sent);
    }
}
