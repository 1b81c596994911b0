namespace Messngr.Interop.Tests.Netns.Tests;

/// <summary>
/// <c>\MAILSLOT\MESSNGR</c> datagrams (UDP 138, protocols.md §3–§4) built by third-party libraries
/// on HOSTC (<c>peers/mailslot_send.py</c>): scapy and Impacket each build every byte; directed to
/// HOSTA&lt;03&gt; by unicast, and to the workgroup LAB&lt;00&gt; by broadcast (<c>net send *</c>, §4.3).
/// </summary>
[Collection(LabCollection.Name)]
public sealed class MailslotTests
{
    private readonly Lab _lab;
    private readonly NetnsServe _serve;

    public MailslotTests(Lab lab)
    {
        _lab = lab;
        _serve = lab.Messngr;
    }

    [Theory]
    [InlineData("scapy")]
    [InlineData("impacket")]
    public void Mailslot_datagram_to_HOSTA_03_is_delivered(string builder)
    {
        var text = Unique.Text($"directed mailslot from {builder}: Grüße");
        var sent = Send(builder, _lab.HostA.Address, group: false, "HOSTA", "3", "HOSTA", text);

        var message = _serve.WaitForMessage(Unique.Tag(text));
        Assert.Equal(text, message.Text);
        Assert.Equal("alice", message.From);
        Assert.Equal("HOSTA", message.To);
        Assert.Equal("mailslot", message.Transport);
        Assert.True(message.Source == _lab.HostC.Address, sent);
    }

    [Theory]
    [InlineData("scapy")]
    [InlineData("impacket")]
    public void Mailslot_broadcast_to_the_workgroup_is_delivered(string builder)
    {
        var text = Unique.Text($"workgroup broadcast from {builder}");
        var sent = Send(builder, _lab.HostC.Broadcast, group: true, Lab.Workgroup, "0", Lab.Workgroup, text);

        var message = _serve.WaitForMessage(Unique.Tag(text));
        Assert.Equal(text, message.Text);
        Assert.True(message.To == Lab.Workgroup, sent);
        Assert.Equal("mailslot", message.Transport);
    }

    private string Send(string builder, string address, bool group, string destinationName, string destinationSuffix, string to, string text)
    {
        List<string> args =
        [
            "--builder", builder, "--dst-ip", address, "--src-name", "HOSTC", "--dst-name", destinationName,
            "--dst-suffix", destinationSuffix, "--from", "alice", "--to", to, "--text", text,
        ];
        if (group)
        {
            args.Add("--group");
        }

        var result = _lab.Python(_lab.HostC, "mailslot_send.py", [.. args]);
        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        return result.Output;
    }
}
