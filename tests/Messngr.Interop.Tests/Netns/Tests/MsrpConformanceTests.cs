using System.Text.Json;

namespace Messngr.Interop.Tests.Netns.Tests;

/// <summary>
/// Issue #11 items 11 and 12: the odd connectionless DCE/RPC PDUs a real peer sends to
/// NetrSendMessage on UDP 135, built by <c>peers/msrp_cl.py</c> on HOSTC (docs/classic-conformance.md).
/// Samba does not serve msgsvcsend over UDP, so there is no Samba answer to compare: C706 decides.
/// </summary>
[Collection(LabCollection.Name)]
public sealed class MsrpConformanceTests
{
    private const int Response = 2;
    private const int Reject = 6;
    private const int Working = 4;
    private const int Nocall = 5;
    private const int Fack = 9;

    private readonly Lab _lab;
    private readonly NetnsServe _serve;

    public MsrpConformanceTests(Lab lab)
    {
        _lab = lab;
        _serve = lab.Messngr;
    }

    private static string LongText(string label) => Unique.Text(label + " " + new string('x', 3000));

    [Theory]
    [InlineData("frag-inorder")]
    [InlineData("frag-reversed")]
    [InlineData("big")]
    public void A_3_KB_NetrSendMessage_fragmented_or_whole_is_delivered_and_answered(string scenario)
    {
        var text = LongText(scenario);
        var replies = Run(scenario, text);

        var reply = Assert.Single(replies);
        Assert.Equal(Response, reply.Ptype);
        Assert.Equal(0u, reply.Status);
        Assert.Equal(text, _serve.WaitForMessage(Unique.Tag(text)).Text);
    }

    [Fact]
    public void Fragments_asking_for_a_fack_are_facked_then_answered()
    {
        var text = LongText("fack");
        var replies = Run("frag-fack", text);

        // Four 1,000-byte fragments: the three before the last each get a FACK, the last the RESPONSE.
        Assert.Equal([Fack, Fack, Fack, Response], replies.Select(r => r.Ptype));
        Assert.Equal([0, 1, 2], replies.Take(3).Select(r => r.Fragnum));
        Assert.Equal(0u, replies[^1].Status);
        Assert.Equal(text, _serve.WaitForMessage(Unique.Tag(text)).Text);
    }

    [Theory]
    [InlineData("auth", 0x1C00001Du)] // nca_s_unsupported_authn_level
    [InlineData("ebcdic", 0x1C010017u)] // nca_s_unsupported_type
    public void A_call_we_cannot_read_is_rejected(string scenario, uint status)
    {
        var text = Unique.Text(scenario);
        var reply = Assert.Single(Run(scenario, text));

        Assert.Equal(Reject, reply.Ptype);
        Assert.Equal(status, reply.Status);
        _serve.AssertNoMessage(Unique.Tag(text), TimeSpan.FromMilliseconds(300));
    }

    [Fact]
    public void A_ping_for_an_unknown_call_gets_nocall()
    {
        var reply = Assert.Single(Run("ping-before", Unique.Text("ping")));
        Assert.Equal(Nocall, reply.Ptype);
        Assert.Equal(0, reply.Len);
    }

    [Fact]
    public void A_ping_while_fragments_are_missing_gets_nocall_with_a_fack_body()
    {
        var text = LongText("partial");
        var reply = Assert.Single(Run("ping-partial", text));

        Assert.Equal(Nocall, reply.Ptype);
        Assert.Equal(0xFFFF, reply.Fragnum); // fragment 0 is missing
        Assert.Equal(20, reply.Len); // fack body with one selective-ack mask (fragments 1-3)
        _serve.AssertNoMessage(Unique.Tag(text), TimeSpan.FromMilliseconds(300));
    }

    [Fact]
    public void A_fragment_beyond_the_per_call_bound_is_faulted()
    {
        var reply = Assert.Single(Run("frag-toolarge", Unique.Text("too large")));
        Assert.Equal(3, reply.Ptype); // FAULT
        Assert.Equal(0x1C00001Bu, reply.Status); // nca_s_fault_remote_no_memory
    }

    [Fact]
    public void A_ping_after_the_call_gets_the_cached_response()
    {
        var text = Unique.Text("ping after");
        var replies = Run("ping-after", text);

        Assert.Equal([Response, Response], replies.Select(r => r.Ptype));
        Assert.All(replies, r => Assert.Equal(0u, r.Status));
        _serve.WaitForMessage(Unique.Tag(text));
        Assert.Single(_serve.Messages, m => m.Text.Contains(Unique.Tag(text), StringComparison.Ordinal));
        Assert.DoesNotContain(replies, r => r.Ptype == Working);
    }

    [Fact]
    public void A_maybe_call_is_delivered_and_never_answered()
    {
        var text = Unique.Text("maybe");
        var replies = Run("maybe", text);

        Assert.Equal(text, _serve.WaitForMessage(Unique.Tag(text)).Text);
        Assert.Empty(replies);
    }

    [Fact]
    public void An_older_sequence_number_on_the_same_activity_is_not_run_again()
    {
        var text = Unique.Text("seq 5");
        var older = Unique.Text("seq 3");
        var replies = Run("older-seq", text, "--text2", older);

        var reply = Assert.Single(replies);
        Assert.Equal(Response, reply.Ptype);
        Assert.Equal(5u, reply.Seqnum);
        _serve.WaitForMessage(Unique.Tag(text));
        _serve.AssertNoMessage(Unique.Tag(older), TimeSpan.FromMilliseconds(500));
    }

    [Fact]
    public void Tshark_on_HOSTC_decodes_every_reply_to_the_odd_calls_without_warnings()
    {
        _ = _serve;
        using var capture = _lab.Capture(_lab.HostC, "udp port 135", TimeSpan.FromSeconds(60));
        foreach (var scenario in new[] { "frag-inorder", "frag-reversed", "frag-fack", "frag-toolarge", "ping-partial", "big", "auth", "ebcdic", "ping-before", "ping-after", "maybe", "older-seq" })
        {
            _ = Run(scenario, scenario.StartsWith("frag", StringComparison.Ordinal) || scenario == "big" ? LongText(scenario) : Unique.Text(scenario), "--text2", Unique.Text("older"));
        }

        capture.Stop();
        var ours = $"ip.src == {_lab.HostA.Address}";
        var summary = capture.Summary();
        var types = capture.Fields($"{ours} && dcerpc", "dcerpc.pkt_type").Select(f => f[0]).ToList();
        // Every kind of reply is in the capture and was decoded as DCE/RPC.
        foreach (var type in new[] { "2", "3", "5", "6", "9" })
        {
            Assert.True(types.Contains(type), $"no reply of ptype {type}\n{summary}");
        }

        Assert.True(capture.Problems(ours).Count == 0, string.Join('\n', capture.Problems(ours)) + "\n" + summary);
    }

    private List<Reply> Run(string scenario, string text, params string[] extra)
    {
        var result = _lab.Python(_lab.HostC, "msrp_cl.py", ["--dst-ip", _lab.HostA.Address, "--scenario", scenario, "--text", text, .. extra]);
        Assert.True(result.ExitCode == 0, $"{scenario}: {result.Output}{result.Error}\n{_serve.Describe()}");
        var json = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Last(line => line.StartsWith('{'));
        using var document = JsonDocument.Parse(json);
        return document.RootElement.GetProperty("replies").EnumerateArray().Select(r => new Reply(
            r.GetProperty("ptype").GetInt32(),
            r.GetProperty("status").ValueKind == JsonValueKind.Null ? null : r.GetProperty("status").GetUInt32(),
            r.GetProperty("fragnum").GetInt32(),
            r.GetProperty("seqnum").GetUInt32(),
            r.GetProperty("len").GetInt32())).ToList();
    }

    private sealed record Reply(int Ptype, uint? Status, int Fragnum, uint Seqnum, int Len);
}
