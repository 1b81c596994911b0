using Messngr.Wire.DceRpc;

namespace Messngr.Wire.Tests.DceRpc;

public class ClFragmentReassemblerTests
{
    private static readonly TimeSpan T0 = TimeSpan.FromSeconds(100);

    private static ClPdu Fragment(Guid activity, ushort number, bool last, byte[] body, uint seq = 1, ushort opnum = 0) =>
        new(DceRpcSamples.RequestHeader with
        {
            ActivityId = activity,
            SequenceNumber = seq,
            OperationNumber = opnum,
            FragmentNumber = number,
            Flags1 = ClFlags1.Idempotent | ClFlags1.Fragment | (last ? ClFlags1.LastFragment : ClFlags1.None),
        }, body);

    private static List<ClPdu> Split(byte[] stub, int size, Guid activity, uint seq = 1)
    {
        var count = (stub.Length + size - 1) / size;
        return Enumerable.Range(0, count)
            .Select(i => Fragment(activity, (ushort)i, i == count - 1, stub.Skip(i * size).Take(size).ToArray(), seq))
            .ToList();
    }

    [Fact]
    public void Fragments_in_any_order_reassemble_into_the_stub()
    {
        var stub = NetrSendMessageRequest.Create("ALICE", "BOBPC", new string('x', 300)).ToArray();
        var fragments = Split(stub, 64, Guid.NewGuid());
        fragments.Reverse();
        var reassembler = new ClFragmentReassembler();
        for (var i = 0; i < fragments.Count - 1; i++)
        {
            Assert.Equal(ClReassemblyStatus.NeedMore, reassembler.Add(fragments[i], T0, out _, out _));
        }

        Assert.Equal(ClReassemblyStatus.Duplicate, reassembler.Add(fragments[0], T0, out _, out _));
        Assert.Equal(ClReassemblyStatus.Complete, reassembler.Add(fragments[^1], T0, out var header, out var body));
        Assert.Equal(stub, body);
        Assert.Equal(ClFlags1.Idempotent, header!.Flags1);
        Assert.Equal(0, header.FragmentNumber);
        Assert.Equal(0, reassembler.PendingActivities);
        Assert.Equal(0, reassembler.PendingBytes);
        Assert.True(NetrSendMessage.TryParseRequest(header, body, out var request, out _, out _));
        Assert.Equal(300, request!.Text.Length);
    }

    [Fact]
    public void Unfragmented_request_completes_at_once()
    {
        var pdu = NetrSendMessage.CreateRequestPdu(NetrSendMessageRequest.Create("A", "B", "c"));
        Assert.Equal(ClReassemblyStatus.Complete, new ClFragmentReassembler().Add(pdu, T0, out var header, out var stub));
        Assert.Equal(pdu.Header, header);
        Assert.Equal(pdu.Body.ToArray(), stub);
    }

    [Fact]
    public void Fragment_flood_across_activities_is_capped()
    {
        var budget = new ClReassemblyBudget { MaxActivities = 8 };
        var reassembler = new ClFragmentReassembler(budget);
        var results = Enumerable.Range(0, 1000).Select(i => reassembler.Add(Fragment(Guid.NewGuid(), 0, false, new byte[100]), T0, out _, out _)).ToList();
        Assert.Equal(8, results.Count(r => r == ClReassemblyStatus.NeedMore));
        Assert.Equal(992, results.Count(r => r == ClReassemblyStatus.OverBudget));
        Assert.Equal(8, reassembler.PendingActivities);
        Assert.Equal(800, reassembler.PendingBytes);
    }

    [Fact]
    public void Fragment_flood_beyond_total_bytes_is_capped()
    {
        var reassembler = new ClFragmentReassembler(new ClReassemblyBudget { MaxTotalBytes = 10_000 });
        for (var i = 0; i < 200; i++)
        {
            reassembler.Add(Fragment(Guid.NewGuid(), 0, false, new byte[1000]), T0, out _, out _);
        }

        Assert.True(reassembler.PendingBytes <= 10_000);
    }

    [Fact]
    public void Fragment_number_beyond_the_budget_drops_the_call()
    {
        var activity = Guid.NewGuid();
        var reassembler = new ClFragmentReassembler(new ClReassemblyBudget { MaxFragmentsPerActivity = 4 });
        Assert.Equal(ClReassemblyStatus.NeedMore, reassembler.Add(Fragment(activity, 0, false, [1]), T0, out _, out _));
        Assert.Equal(ClReassemblyStatus.TooLarge, reassembler.Add(Fragment(activity, 4, false, [1]), T0, out _, out _));
        Assert.Equal(ClReassemblyStatus.TooLarge, reassembler.Add(Fragment(activity, 65535, true, [1]), T0, out _, out _));
        Assert.Equal(0, reassembler.PendingActivities);
    }

    [Fact]
    public void Bytes_beyond_the_per_activity_budget_drop_the_call()
    {
        var activity = Guid.NewGuid();
        var reassembler = new ClFragmentReassembler(new ClReassemblyBudget { MaxBytesPerActivity = 250 });
        Assert.Equal(ClReassemblyStatus.NeedMore, reassembler.Add(Fragment(activity, 0, false, new byte[100]), T0, out _, out _));
        Assert.Equal(ClReassemblyStatus.NeedMore, reassembler.Add(Fragment(activity, 1, false, new byte[100]), T0, out _, out _));
        Assert.Equal(ClReassemblyStatus.TooLarge, reassembler.Add(Fragment(activity, 2, true, new byte[100]), T0, out _, out _));
        Assert.Equal(0, reassembler.PendingBytes);
    }

    [Fact]
    public void One_source_holds_at_most_its_share_of_reassemblies()
    {
        var reassembler = new ClFragmentReassembler(new ClReassemblyBudget { MaxActivitiesPerSource = 2 });
        Assert.Equal(ClReassemblyStatus.NeedMore, reassembler.Add(Fragment(Guid.NewGuid(), 0, false, [1]), source: 1, T0, out _, out _));
        Assert.Equal(ClReassemblyStatus.NeedMore, reassembler.Add(Fragment(Guid.NewGuid(), 0, false, [1]), source: 1, T0, out _, out _));
        Assert.Equal(ClReassemblyStatus.OverBudget, reassembler.Add(Fragment(Guid.NewGuid(), 0, false, [1]), source: 1, T0, out _, out _));
        Assert.Equal(ClReassemblyStatus.NeedMore, reassembler.Add(Fragment(Guid.NewGuid(), 0, false, [1]), source: 2, T0, out _, out _));
    }

    [Fact]
    public void A_fragment_of_another_sources_activity_is_ignored_and_the_call_kept()
    {
        var activity = Guid.NewGuid();
        var reassembler = new ClFragmentReassembler();
        reassembler.Add(Fragment(activity, 0, false, [1]), source: 1, T0, out _, out _);
        Assert.Equal(ClReassemblyStatus.OtherSource, reassembler.Add(Fragment(activity, 1, true, [2]), source: 2, T0, out _, out _));
        Assert.Equal(ClReassemblyStatus.Complete, reassembler.Add(Fragment(activity, 1, true, [2]), source: 1, T0, out _, out var stub));
        Assert.Equal([1, 2], stub);
    }

    [Fact]
    public void Received_fragments_are_reported_as_a_fack_would()
    {
        var activity = Guid.NewGuid();
        var reassembler = new ClFragmentReassembler();
        Assert.False(reassembler.TryGetReceived(activity, 1, out _, out _));
        reassembler.Add(Fragment(activity, 2, false, [1]), T0, out _, out _);
        reassembler.Add(Fragment(activity, 4, true, [1]), T0, out _, out _);
        Assert.True(reassembler.TryGetReceived(activity, 1, out var inOrder, out var masks));
        Assert.Equal(0xFFFF, inOrder); // fragment 0 missing
        Assert.Equal([0b10100u], masks); // fragments 2 and 4: bits 0xFFFF+1+B
        reassembler.Add(Fragment(activity, 0, false, [1]), T0, out _, out _);
        Assert.True(reassembler.TryGetReceived(activity, 1, out inOrder, out masks));
        Assert.Equal(0, inOrder);
        Assert.Equal([0b1010u], masks); // 2 = 0+1+1, 4 = 0+1+3
        Assert.False(reassembler.TryGetReceived(activity, 2, out _, out _));
    }

    [Fact]
    public void Contradicting_fragments_drop_the_call()
    {
        var activity = Guid.NewGuid();
        var reassembler = new ClFragmentReassembler();
        reassembler.Add(Fragment(activity, 0, false, [1]), T0, out _, out _);
        Assert.Equal(ClReassemblyStatus.Inconsistent, reassembler.Add(Fragment(activity, 1, true, [2], opnum: 1), T0, out _, out _));
        Assert.Equal(0, reassembler.PendingActivities);

        reassembler.Add(Fragment(activity, 3, true, [1]), T0, out _, out _);
        Assert.Equal(ClReassemblyStatus.Inconsistent, reassembler.Add(Fragment(activity, 5, false, [1]), T0, out _, out _));
        reassembler.Add(Fragment(activity, 3, false, [1]), T0, out _, out _);
        Assert.Equal(ClReassemblyStatus.Inconsistent, reassembler.Add(Fragment(activity, 1, true, [1]), T0, out _, out _));
    }

    [Fact]
    public void Newer_call_replaces_an_older_one_and_older_fragments_are_stale()
    {
        var activity = Guid.NewGuid();
        var reassembler = new ClFragmentReassembler();
        reassembler.Add(Fragment(activity, 0, false, new byte[10], seq: 1), T0, out _, out _);
        Assert.Equal(ClReassemblyStatus.NeedMore, reassembler.Add(Fragment(activity, 0, false, new byte[20], seq: 2), T0, out _, out _));
        Assert.Equal(20, reassembler.PendingBytes);
        Assert.Equal(ClReassemblyStatus.Stale, reassembler.Add(Fragment(activity, 1, true, new byte[10], seq: 1), T0, out _, out _));
        Assert.Equal(ClReassemblyStatus.Complete, reassembler.Add(Fragment(activity, 1, true, new byte[5], seq: 2), T0, out _, out var stub));
        Assert.Equal(25, stub!.Length);
    }

    [Fact]
    public void Old_partial_calls_expire_by_the_callers_clock()
    {
        var reassembler = new ClFragmentReassembler(new ClReassemblyBudget { MaxActivities = 1, MaxAge = TimeSpan.FromSeconds(10) });
        reassembler.Add(Fragment(Guid.NewGuid(), 0, false, [1]), T0, out _, out _);
        Assert.Equal(ClReassemblyStatus.OverBudget, reassembler.Add(Fragment(Guid.NewGuid(), 0, false, [1]), T0 + TimeSpan.FromSeconds(5), out _, out _));
        Assert.Equal(ClReassemblyStatus.NeedMore, reassembler.Add(Fragment(Guid.NewGuid(), 0, false, [1]), T0 + TimeSpan.FromSeconds(11), out _, out _));
        Assert.Equal(1, reassembler.Expire(T0 + TimeSpan.FromSeconds(30)));
        Assert.Equal(0, reassembler.PendingActivities);
    }

    [Fact]
    public void Bad_budget_is_refused_naming_the_setting()
    {
        var ex = Assert.Throws<ArgumentException>(() => new ClFragmentReassembler(new ClReassemblyBudget { MaxActivities = 0 }));
        Assert.Contains("MaxActivities", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Non_request_is_not_reassembled() =>
        Assert.Equal(ClReassemblyStatus.NotARequest, new ClFragmentReassembler().Add(ClPdu.Empty(DceRpcSamples.RequestHeader.Reply(ClPacketType.Ack)), T0, out _, out _));
}
