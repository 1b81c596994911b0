namespace Messngr.Interop.Tests.Netns.Tests;

/// <summary>
/// Samba's smbclient -M on HOSTC sends to messngr on HOSTA over the real TCP 139: NBSS session
/// request to HOSTA&lt;03&gt;, then SMB 0xD5, 0xD7 × n (127-byte blocks), 0xD6 (protocols.md §5.2, §6.4).
/// </summary>
[Collection(LabCollection.Name)]
public sealed class SmbclientTests
{
    private readonly Lab _lab;
    private readonly NetnsServe _serve;

    public SmbclientTests(Lab lab)
    {
        _lab = lab;
        _serve = lab.Messngr;
    }

    [Fact]
    public void Smbclient_message_from_another_host_shows_sender_recipient_and_text()
    {
        var text = Unique.Text("lunch at noon?");
        var result = _lab.Smbclient(_lab.HostC, text, "-M", "HOSTA", "-I", _lab.HostA.Address, "-U", "alice", "-N");
        Assert.True(result.ExitCode == 0, result.Output + result.Error);

        var message = _serve.WaitForMessage(text);
        Assert.Equal("alice", message.From);
        Assert.Equal("HOSTA", message.To);
        Assert.Equal(text, message.Text);
        Assert.Equal("smb", message.Transport);
        Assert.Equal(_lab.HostC.Address, message.Source);
        Assert.False(message.Verified);
    }

    [Fact]
    public void Smbclient_message_to_the_alias_BOB_is_delivered_to_BOB()
    {
        var text = Unique.Text("for bob");
        var result = _lab.Smbclient(_lab.HostC, text, "-M", "BOB", "-I", _lab.HostA.Address, "-U", "alice", "-N");
        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        Assert.Equal("BOB", _serve.WaitForMessage(text).To);
    }

    [Fact]
    public void Cp850_text_from_smbclient_arrives_as_the_same_characters()
    {
        // smbclient converts its UTF-8 input to the dos charset CP850 (ü = 0x81, ß = 0xE1) on the wire.
        var text = Unique.Text("Grüße aus Köln, ½ Stück Käse für Ändrè?");
        var result = _lab.Smbclient(_lab.HostC, text, "-M", "HOSTA", "-I", _lab.HostA.Address, "-U", "alice", "-N");
        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        Assert.Equal(text, _serve.WaitForMessage(Unique.Tag(text)).Text);
    }

    [Fact]
    public void Message_longer_than_one_127_byte_block_arrives_whole()
    {
        var tag = Unique.Text("long");
        var filler = string.Concat(Enumerable.Range(0, 100).Select(i => $"{i:D3}äß "));
        var text = tag + " " + filler[..(600 - tag.Length - 1)];
        Assert.Equal(600, text.Length);
        var result = _lab.Smbclient(_lab.HostC, text, "-M", "HOSTA", "-I", _lab.HostA.Address, "-U", "alice", "-N");
        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        Assert.Equal(text, _serve.WaitForMessage(tag).Text);
    }

    [Fact]
    public void Smbclient_resolving_HOSTA_by_broadcast_delivers_the_message()
    {
        // No -I: smbclient must find HOSTA<03> itself; 'bcast' alone leaves it nothing but a
        // broadcast name query on HOSTC's interface (protocols.md §2.7). -d3 shows where it connects.
        var text = Unique.Text("found you by broadcast");
        var result = _lab.Smbclient(_lab.HostC, text, "-M", "HOSTA", "-U", "alice", "-N", "-d3", "--option=name resolve order = bcast");
        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        Assert.Contains($"Connecting to {_lab.HostA.Address} at port 139", result.Output + result.Error, StringComparison.Ordinal);
        var message = _serve.WaitForMessage(text);
        Assert.Equal("HOSTA", message.To);
        Assert.Equal(_lab.HostC.Address, message.Source);
    }
}
