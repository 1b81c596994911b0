using Messngr.Interop.Tests.Support;

namespace Messngr.Interop.Tests.Netns.Tests;

/// <summary>
/// <c>--interface</c> on a multi-homed HOSTA (10.99.0.11 on eth0, 10.95.0.11 on eth1 towards HOSTD,
/// <see cref="LabSecondSubnet"/>): bound to eth0, messngr hears the broadcasts of 10.99.0.0/24 —
/// nmblookup -B, a registration of its name to defend (scapy), a mailslot to LAB&lt;00&gt;,
/// <c>messngr send</c> resolving by broadcast, all from HOSTC — and not those of 10.95.0.0/24 from HOSTD, as Samba's <c>bind interfaces only</c>. The
/// default daemon (every interface) answers HOSTD, so the silence towards HOSTD is the option's.
/// </summary>
[Collection(LabCollection.Name)]
public sealed class InterfaceBindingTests : IDisposable
{
    private readonly Lab _lab;
    private readonly LabSecondSubnet _subnet;

    public InterfaceBindingTests(Lab lab)
    {
        _lab = lab;
        _subnet = LabSecondSubnet.Attach(lab);
    }

    private LabHost HostD => _subnet.HostD;

    public void Dispose() => _subnet.Dispose();

    [Theory]
    [InlineData("eth0")]
    [InlineData("10.99.0.11")]
    public void Bound_to_one_interface_messngr_hears_its_broadcasts_and_not_the_other_subnets(string iface)
    {
        using var serve = _lab.StartMessngr(_lab.HostA, [.. Lab.DefaultMessngrArguments, "--interface", iface]);
        serve.WaitForLog($"hears the broadcasts to {_lab.HostA.Broadcast}:137");
        serve.WaitForLog($"hears the broadcasts to {_lab.HostA.Broadcast}:138");

        // Name query by broadcast: answered on eth0's subnet, silence on eth1's.
        var onEth0 = _lab.Nmblookup(_lab.HostC, "-B", _lab.HostC.Broadcast, "HOSTA#03");
        Assert.True(onEth0.ExitCode == 0, onEth0.Output + onEth0.Error + serve.Describe());
        Assert.Contains($"{_lab.HostA.Address} HOSTA<03>", onEth0.Output, StringComparison.Ordinal);
        var workgroup = _lab.Nmblookup(_lab.HostC, "-B", _lab.HostC.Broadcast, $"{Lab.Workgroup}#00");
        Assert.Contains($"{_lab.HostA.Address} {Lab.Workgroup}<00>", workgroup.Output, StringComparison.Ordinal);
        var onEth1 = _lab.Nmblookup(HostD, "-B", HostD.Broadcast, "HOSTA#03");
        Assert.DoesNotContain("HOSTA<03>", onEth1.Output, StringComparison.Ordinal);
        Assert.Contains("name_query failed to find name HOSTA#03", onEth1.Output + onEth1.Error, StringComparison.Ordinal);

        // A broadcast registration of our name is defended on eth0's subnet (ACT_ERR from our address), unheard on eth1's.
        var defended = Register(_lab.HostC, "HOSTA");
        Assert.True(defended.ExitCode == 0, defended.Output + defended.Error + serve.Describe());
        Assert.Contains($"response from {_lab.HostA.Address}: flags 0xad86 rcode 6", defended.Output, StringComparison.Ordinal);
        var unheard = Register(HostD, "HOSTA");
        Assert.True(unheard.ExitCode == 2, unheard.Output + unheard.Error);

        // Mailslot to the workgroup by broadcast (net send *): received from eth0's subnet only.
        var fromD = Unique.Text("workgroup broadcast from the other subnet");
        SendMailslot(HostD, fromD);
        var fromC = Unique.Text("workgroup broadcast on the bound interface");
        SendMailslot(_lab.HostC, fromC);
        Assert.Equal(Lab.Workgroup, serve.WaitForMessage(Unique.Tag(fromC)).To);
        // fromD was sent first: by the time fromC arrived, fromD would have too.
        Assert.DoesNotContain(serve.Messages, m => m.Text.Contains(Unique.Tag(fromD), StringComparison.Ordinal));

        // messngr send resolves HOSTA by broadcast from HOSTC; HOSTD finds nobody.
        var text = Unique.Text("send by broadcast resolution");
        var sent = Send(_lab.HostC, "HOSTA", text);
        Assert.True(sent.ExitCode == 0, Describe(sent));
        Assert.Equal("HOSTA", serve.WaitForMessage(Unique.Tag(text)).To);
        var notFound = Send(HostD, "HOSTA", Unique.Text("from the other subnet"));
        Assert.True(notFound.ExitCode == 68, Describe(notFound));
    }

    [Fact]
    public void Two_daemons_on_one_host_each_serve_their_own_interface()
    {
        // Each binds its own address and its own subnet's broadcast address: no fight over 0.0.0.0.
        using var onEth0 = _lab.StartMessngr(_lab.HostA, [.. Lab.DefaultMessngrArguments, "--interface", "eth0"]);
        var stateDirectory = Path.Combine(_lab.Directory, "hosta", $"messngr-eth1-{Guid.NewGuid():N}");
        using var onEth1 = _lab.StartMessngr(_lab.HostA, "--netbios-name", "HOSTAD", "--workgroup", Lab.Workgroup, "--interface", LabSecondSubnet.HostAInterface, "--state-dir", stateDirectory);

        var hostA = _lab.Nmblookup(_lab.HostC, "-B", _lab.HostC.Broadcast, "HOSTA#03");
        Assert.Contains($"{_lab.HostA.Address} HOSTA<03>", hostA.Output, StringComparison.Ordinal);
        var hostAD = _lab.Nmblookup(HostD, "-B", HostD.Broadcast, "HOSTAD#03");
        Assert.Contains($"{LabSecondSubnet.HostAAddress} HOSTAD<03>", hostAD.Output, StringComparison.Ordinal);
        var hostAFromD = _lab.Nmblookup(HostD, "-B", HostD.Broadcast, "HOSTA#03");
        Assert.DoesNotContain("HOSTA<03>", hostAFromD.Output, StringComparison.Ordinal);
        var hostADFromC = _lab.Nmblookup(_lab.HostC, "-B", _lab.HostC.Broadcast, "HOSTAD#03");
        Assert.DoesNotContain("HOSTAD<03>", hostADFromC.Output, StringComparison.Ordinal);
        Assert.False(onEth0.HasExited || onEth1.HasExited, onEth0.Describe() + onEth1.Describe());
    }

    [Fact]
    public void Without_interface_messngr_hears_the_broadcasts_of_both_subnets()
    {
        using var serve = _lab.StartMessngr(_lab.HostA, [.. Lab.DefaultMessngrArguments]);

        var onEth1 = _lab.Nmblookup(HostD, "-B", HostD.Broadcast, "HOSTA#03");
        Assert.True(onEth1.ExitCode == 0, onEth1.Output + onEth1.Error + serve.Describe());
        Assert.Contains($"{LabSecondSubnet.HostAAddress} HOSTA<03>", onEth1.Output, StringComparison.Ordinal);

        var defended = Register(HostD, "HOSTA");
        Assert.True(defended.ExitCode == 0, defended.Output + defended.Error + serve.Describe());
        Assert.Contains("rcode 6", defended.Output, StringComparison.Ordinal);

        var fromD = Unique.Text("workgroup broadcast from the second subnet");
        SendMailslot(HostD, fromD);
        Assert.Equal(Lab.Workgroup, serve.WaitForMessage(Unique.Tag(fromD)).To);
    }

    private Tool.Result Register(LabHost from, string name) =>
        _lab.Python(from, "nbns_register.py", "--dst-ip", from.Broadcast, "--name", name, "--address", from.Address);

    private void SendMailslot(LabHost from, string text)
    {
        var result = _lab.Python(from, "mailslot_send.py",
            "--builder", "scapy", "--dst-ip", from.Broadcast, "--group", "--src-name", from.Name,
            "--dst-name", Lab.Workgroup, "--dst-suffix", "0", "--from", "alice", "--to", Lab.Workgroup, "--text", text);
        Assert.True(result.ExitCode == 0, result.Output + result.Error);
    }

    private Tool.Result Send(LabHost from, params string[] args) =>
        _lab.MessngrCommand(from, ["send", "--netbios-name", from.Name, "--workgroup", Lab.Workgroup, "--config", "/dev/null", "--from", "alice", .. args]);

    private static string Describe(Tool.Result result) => $"exit {result.ExitCode}\n--- stdout ---\n{result.Output}\n--- stderr ---\n{result.Error}";
}
