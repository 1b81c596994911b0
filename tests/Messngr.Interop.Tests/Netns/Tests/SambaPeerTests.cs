namespace Messngr.Interop.Tests.Netns.Tests;

/// <summary>
/// Samba on HOSTB is the lab's reference Messenger peer: these check that the harness runs it the
/// way protocols.md §6.5–§6.7 says a receiving Samba 4.17 must be set up, and that it shares the
/// segment with messngr on HOSTA.
/// </summary>
[Collection(LabCollection.Name)]
public sealed class SambaPeerTests
{
    private readonly Lab _lab;

    public SambaPeerTests(Lab lab) => _lab = lab;

    [Fact]
    public void Samba_on_HOSTB_receives_a_message_smbclient_on_HOSTC_sends()
    {
        var samba = _lab.StartSamba();
        var text = Unique.Text("to samba: Grüße");
        var result = _lab.Smbclient(_lab.HostC, text, "-M", "HOSTB", "-I", _lab.HostB.Address, "-U", "alice", "-N");
        Assert.True(result.ExitCode == 0, result.Output + result.Error + samba.Describe());

        var message = samba.WaitForMessage(Unique.Tag(text));
        Assert.Equal(text, message.Text);
        Assert.Equal("alice", message.From);
        Assert.Equal("hostb", message.To);
    }

    [Fact]
    public void Broadcast_query_for_the_workgroup_is_answered_by_nmbd_and_messngr()
    {
        _ = _lab.Messngr;
        var samba = _lab.StartSamba();
        var result = _lab.Nmblookup(_lab.HostC, "-B", _lab.HostC.Broadcast, Lab.Workgroup);
        Assert.True(result.ExitCode == 0, result.Output + result.Error + samba.Describe());
        Assert.Contains($"{_lab.HostA.Address} {Lab.Workgroup}<00>", result.Output, StringComparison.Ordinal);
        Assert.Contains($"{_lab.HostB.Address} {Lab.Workgroup}<00>", result.Output, StringComparison.Ordinal);
    }
}
