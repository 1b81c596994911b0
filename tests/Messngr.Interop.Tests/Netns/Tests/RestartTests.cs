namespace Messngr.Interop.Tests.Netns.Tests;

/// <summary>messngr serve stopped with SIGTERM and started again takes up its names and ports at once.</summary>
[Collection(LabCollection.Name)]
public sealed class RestartTests
{
    private readonly Lab _lab;

    public RestartTests(Lab lab) => _lab = lab;

    [Fact]
    public void After_SIGTERM_and_a_new_start_HOSTA_answers_nmblookup_again()
    {
        var first = _lab.Messngr;
        Assert.Contains($"{_lab.HostA.Address} HOSTA<03>", _lab.Nmblookup(_lab.HostC, "-U", _lab.HostA.Address, "HOSTA#03").Output, StringComparison.Ordinal);

        Assert.Equal(0, _lab.StopMessngr());
        Assert.Contains("messngr serve stopped", first.Log, StringComparison.Ordinal);
        var silent = _lab.Nmblookup(_lab.HostC, "-U", _lab.HostA.Address, "HOSTA#03");
        Assert.DoesNotContain("HOSTA<03>", silent.Output, StringComparison.Ordinal);

        var second = _lab.Messngr;
        Assert.NotEqual(first.Pid, second.Pid);
        Assert.Equal(first.StateDirectory, second.StateDirectory);
        var again = _lab.Nmblookup(_lab.HostC, "-U", _lab.HostA.Address, "HOSTA#03");
        Assert.True(again.Output.Contains($"{_lab.HostA.Address} HOSTA<03>", StringComparison.Ordinal), again.Output + again.Error + second.Describe());

        var text = Unique.Text("after the restart");
        Assert.Equal(0, _lab.Smbclient(_lab.HostC, text, "-M", "HOSTA", "-I", _lab.HostA.Address, "-U", "alice", "-N").ExitCode);
        Assert.Equal(text, second.WaitForMessage(text).Text);
    }
}
