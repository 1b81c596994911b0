using System.Text.Json;

namespace Messngr.Interop.Tests.Netns.Tests;

/// <summary>
/// [MS-MSRP] NetrSendMessage over connectionless DCE/RPC to UDP 135 (protocols.md §7), the
/// request built and the reply parsed by scapy's DceRpc4 layer on HOSTC (<c>peers/msrp_send.py</c>).
/// </summary>
[Collection(LabCollection.Name)]
public sealed class MsrpTests
{
    private readonly Lab _lab;
    private readonly NetnsServe _serve;

    public MsrpTests(Lab lab)
    {
        _lab = lab;
        _serve = lab.Messngr;
    }

    [Fact]
    public void NetrSendMessage_from_scapy_is_delivered_and_answered_with_status_0()
    {
        var text = Unique.Text("over ncadg_ip_udp: Grüße");
        var reply = Send("BOB", text);

        Assert.Equal(2, reply.GetProperty("ptype").GetInt32()); // RESPONSE
        Assert.Equal(0u, reply.GetProperty("status").GetUInt32()); // NERR_Success
        Assert.True(reply.GetProperty("same_activity").GetBoolean());
        Assert.True(reply.GetProperty("same_interface").GetBoolean());
        Assert.Equal($"{_lab.HostA.Address}:135", reply.GetProperty("from").GetString());

        var message = _serve.WaitForMessage(Unique.Tag(text));
        Assert.Equal(text, message.Text);
        Assert.Equal("alice", message.From);
        Assert.Equal("BOB", message.To);
        Assert.Equal("rpc", message.Transport);
    }

    [Fact]
    public void NetrSendMessage_to_a_name_HOSTA_does_not_hold_is_answered_NERR_NameNotFound()
    {
        var text = Unique.Text("nobody here");
        var reply = Send("SOMEONE", text);

        Assert.Equal(2, reply.GetProperty("ptype").GetInt32());
        Assert.Equal(0x8E1u, reply.GetProperty("status").GetUInt32()); // [MS-MSRP] 3.2.4.1 NERR_NameNotFound
        _serve.AssertNoMessage(Unique.Tag(text), TimeSpan.FromMilliseconds(300));
    }

    private JsonElement Send(string to, string text)
    {
        var result = _lab.Python(_lab.HostC, "msrp_send.py", "--dst-ip", _lab.HostA.Address, "--from", "alice", "--to", to, "--text", text);
        Assert.True(result.ExitCode == 0, $"no reply to NetrSendMessage: {result.Output}{result.Error}\n{_serve.Describe()}");
        var json = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Last(line => line.StartsWith('{'));
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
