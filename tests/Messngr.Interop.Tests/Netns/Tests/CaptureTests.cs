namespace Messngr.Interop.Tests.Netns.Tests;

/// <summary>
/// tshark captures on HOSTC's interface while nmblookup and nbtscan ask HOSTA, and judges our
/// replies as Wireshark's NBNS dissector sees them (protocols.md §9.2): no malformed frames, no
/// expert items of severity warning or worse.
/// </summary>
[Collection(LabCollection.Name)]
public sealed class CaptureTests
{
    private readonly Lab _lab;

    public CaptureTests(Lab lab) => _lab = lab;

    [Fact]
    public void Tshark_on_HOSTC_decodes_our_name_service_replies_without_warnings()
    {
        _ = _lab.Messngr;
        using var capture = _lab.Capture(_lab.HostC, "udp port 137", TimeSpan.FromSeconds(20));
        Assert.Equal(0, _lab.Nmblookup(_lab.HostC, "-U", _lab.HostA.Address, "HOSTA#03").ExitCode);
        Assert.Equal(0, _lab.Nmblookup(_lab.HostC, "-B", _lab.HostC.Broadcast, "BOB#03").ExitCode);
        Assert.Equal(0, _lab.Nmblookup(_lab.HostC, "-A", _lab.HostA.Address).ExitCode);
        Assert.Equal(0, _lab.Exec(_lab.HostC, "nbtscan", _lab.HostA.Address).ExitCode);
        capture.Stop();

        var ours = $"ip.src == {_lab.HostA.Address} && nbns.flags.response == 1";
        var replies = capture.Fields(ours, "nbns.flags.opcode", "nbns.type", "nbns.name");
        var summary = capture.Summary();
        // Two positive name query responses (type NB = 32) and two node status responses (NBSTAT = 33).
        Assert.True(replies.Count(r => r[1] == "32") >= 2, summary);
        Assert.True(replies.Count(r => r[1] == "33") >= 2, summary);
        Assert.True(capture.Problems($"ip.src == {_lab.HostA.Address}").Count == 0, string.Join('\n', capture.Problems()) + "\n" + summary);
    }
}
