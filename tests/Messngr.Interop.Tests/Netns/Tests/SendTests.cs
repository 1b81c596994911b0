using Messngr.Interop.Tests.Support;
using System.Text.Json;

namespace Messngr.Interop.Tests.Netns.Tests;

/// <summary>
/// <c>messngr send</c> from HOSTC against third-party receivers: Samba's smbd on HOSTB (its
/// <c>message command</c> records %f, %L and the text) resolved by broadcast and by WINS, a Samba
/// that refuses messages, workgroup broadcasts judged by tshark, a messngr daemon and nmbd's log,
/// NetrSendMessage to the messngr daemon on HOSTA, and the failures: name not found, unreachable,
/// refused session.
/// </summary>
[Collection(LabCollection.Name)]
public sealed class SendTests
{
    private readonly Lab _lab;

    public SendTests(Lab lab) => _lab = lab;

    private Tool.Result Send(params string[] args) =>
        _lab.MessngrCommand(_lab.HostC, ["send", "--netbios-name", "HOSTC", "--workgroup", Lab.Workgroup, "--config", "/dev/null", .. args]);

    private static string Describe(Tool.Result result) => $"exit {result.ExitCode}\n--- stdout ---\n{result.Output}\n--- stderr ---\n{result.Error}";

    [Fact]
    public void Send_to_HOSTB_resolved_by_broadcast_reaches_smbd_with_sender_recipient_and_text()
    {
        var samba = _lab.StartSamba();
        var text = Unique.Text("lunch at noon?");
        var result = Send("--from", "alice", "--verbose", "HOSTB", text);
        Assert.True(result.ExitCode == 0, Describe(result));
        Assert.Contains("HOSTB: delivered over smb to " + _lab.HostB.Address, result.Output, StringComparison.Ordinal);
        Assert.Contains("broadcast", result.Error, StringComparison.OrdinalIgnoreCase);
        var message = samba.WaitForMessage(text);
        Assert.Equal(("alice", "hostb"), (message.From, message.To));
        Assert.Equal(text, message.Text.Trim());
    }

    [Fact]
    public void Cp850_accents_and_a_2000_character_message_arrive_intact_at_smbd()
    {
        var samba = _lab.StartSamba();
        var accents = Unique.Text("Grüße aus Köln: äöü ÄÖÜ ß é à ç ñ");
        var accented = Send("--from", "alice", "HOSTB", accents);
        Assert.True(accented.ExitCode == 0, Describe(accented));
        Assert.Equal(accents, samba.WaitForMessage(accents).Text.Trim());

        var head = Unique.Text("long");
        var long2000 = (head + " " + string.Concat(Enumerable.Range(0, 400).Select(i => $"{i:D4} ")))[..2000];
        var result = Send("--from", "alice", "--json", "HOSTB", long2000);
        Assert.True(result.ExitCode == 0, Describe(result));
        var json = JsonDocument.Parse(result.Output).RootElement[0];
        Assert.Equal("delivered", json.GetProperty("outcome").GetString());
        Assert.True(json.GetProperty("blocks").GetInt32() >= 16, result.Output);
        Assert.Equal(long2000.TrimEnd(), samba.WaitForMessage(head).Text.Trim());
    }

    [Fact]
    public void Send_to_HOSTB_resolved_through_nmbd_as_WINS_server()
    {
        var samba = _lab.StartSamba("wins support = yes");
        var text = Unique.Text("via wins");
        var result = Send("--from", "alice", "--wins-server", _lab.HostB.Address, "--resolve-order", "wins", "--verbose", "HOSTB", text);
        Assert.True(result.ExitCode == 0, Describe(result));
        Assert.Contains("wins", result.Error, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("hostb", samba.WaitForMessage(text).To);
    }

    [Fact]
    public void A_Samba_without_a_message_command_refuses_and_send_says_so_with_exit_77()
    {
        _lab.StartSamba("message command =");
        try
        {
            var result = Send("--from", "alice", "--transport", "smb", "HOSTB", Unique.Text("nobody listens"));
            Assert.True(result.ExitCode == 77, Describe(result));
            Assert.Contains("HOSTB: refused over smb", result.Error, StringComparison.Ordinal);
            Assert.Contains("SMB error", result.Error, StringComparison.Ordinal);
        }
        finally
        {
            _lab.StopSamba();
        }
    }

    [Theory]
    [InlineData("*")]
    [InlineData("/domain:LAB")]
    public void A_workgroup_broadcast_decodes_cleanly_reaches_messngr_and_is_logged_by_nmbd(string recipient)
    {
        var samba = _lab.StartSamba("log level = 4");
        var serve = _lab.Messngr;
        var text = Unique.Text("server down in 5 min");
        using var capture = _lab.Capture(_lab.HostC, "udp port 138", TimeSpan.FromSeconds(20));
        var result = Send("--from", "ops", recipient, text);
        Assert.True(result.ExitCode == 0, Describe(result));
        Assert.Contains("accepted for broadcast", result.Output, StringComparison.Ordinal);
        var received = serve.WaitForMessage(text);
        Assert.Equal(("ops", "LAB"), (received.From, received.To));
        samba.WaitForNmbdLog($"IP {_lab.HostC.Address} for \\MAILSLOT\\MESSNGR");
        capture.Stop();

        var ours = $"ip.src == {_lab.HostC.Address} && udp.dstport == 138";
        var datagrams = capture.Fields(ours, "nbdgm.type", "nbdgm.destination_name", "mailslot.name");
        Assert.Contains(datagrams, d => d[0] == "17" && d[1].StartsWith("LAB", StringComparison.Ordinal) && d[2] == "\\MAILSLOT\\MESSNGR");
        Assert.True(capture.Problems(ours).Count == 0, string.Join('\n', capture.Problems()) + "\n" + capture.Summary());
    }

    [Fact]
    public void A_broadcast_over_128_characters_is_refused_before_anything_is_sent()
    {
        var result = Send("*", new string('x', 129));
        Assert.True(result.ExitCode == 65, Describe(result));
        Assert.Contains("at most 128 characters", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Transport_rpc_delivers_NetrSendMessage_to_messngr_and_tshark_decodes_it_cleanly()
    {
        var serve = _lab.Messngr;
        var text = Unique.Text("über rpc");
        using var capture = _lab.Capture(_lab.HostC, "udp port 135", TimeSpan.FromSeconds(20));
        var result = Send("--from", "alice", "--transport", "rpc", "HOSTA", text);
        Assert.True(result.ExitCode == 0, Describe(result));
        Assert.Contains("HOSTA: delivered over rpc", result.Output, StringComparison.Ordinal);
        var received = serve.WaitForMessage(text);
        Assert.Equal(("alice", "HOSTA", text), (received.From, received.To, received.Text));
        capture.Stop();

        var requests = capture.Fields($"ip.src == {_lab.HostC.Address} && dcerpc.pkt_type == 0", "dcerpc.opnum");
        Assert.Contains(requests, r => r[0] == "0");
        Assert.True(capture.Problems().Count == 0, string.Join('\n', capture.Problems()) + "\n" + capture.Summary());
    }

    [Fact]
    public void Send_to_messngr_by_name_is_delivered_and_in_its_history()
    {
        var serve = _lab.Messngr;
        var text = Unique.Text("to the alias");
        var result = Send("--from", "alice", "BOB", text);
        Assert.True(result.ExitCode == 0, Describe(result));
        Assert.Equal(("alice", "BOB"), (serve.WaitForMessage(text).From, serve.WaitForMessage(text).To));
    }

    [Fact]
    public void A_name_nobody_holds_is_not_found_with_exit_68()
    {
        _ = _lab.Messngr;
        var result = Send("NOSUCHNAME", "hello?");
        Assert.True(result.ExitCode == 68, Describe(result));
        Assert.Contains("NOSUCHNAME<03> not found", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void An_address_where_no_host_answers_is_unreachable_with_exit_69()
    {
        var result = Send("--timeout", "8", "bob@10.99.0.99", "hello?");
        Assert.True(result.ExitCode is 69, Describe(result));
        Assert.Contains("unreachable", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_refused_session_is_reported_with_exit_77_and_the_reason()
    {
        _ = _lab.Messngr;
        var result = Send("--transport", "smb", $"NOBODY@{_lab.HostA.Address}", "hello?");
        Assert.True(result.ExitCode == 77, Describe(result));
        Assert.Contains("0x82", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Usage_errors_exit_64_with_one_line_and_no_stack_trace()
    {
        foreach (var args in new[] { new[] { "--bogus", "x", "hi" }, ["THIS-NAME-IS-TOO-LONG", "hi"], ["bob", " "], ["--transport", "carrier-pigeon", "bob", "hi"] })
        {
            var result = Send(args);
            Assert.True(result.ExitCode == 64, Describe(result));
            Assert.DoesNotContain(" at ", result.Error, StringComparison.Ordinal);
            Assert.Single(result.Error.Trim().Split('\n'));
        }
    }
}
