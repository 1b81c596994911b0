namespace Messngr.Interop.Tests.Netns.Tests;

/// <summary>
/// Issue #11, item 1: nodes only see names in their own NetBIOS scope (RFC 1001 §5.2,
/// protocols.md §1.6). Samba's nmblookup and smbclient speak in a scope with --netbios-scope; the
/// messngr on HOSTA treats a name in another scope as not its own on UDP 137 and TCP 139, and
/// with --netbios-scope CORP takes only CORP names.
/// </summary>
[Collection(LabCollection.Name)]
public sealed class NetBiosScopeTests
{
    private readonly Lab _lab;

    public NetBiosScopeTests(Lab lab) => _lab = lab;

    [Fact]
    public void Without_a_scope_names_asked_for_in_another_scope_are_not_ours()
    {
        _ = _lab.Messngr;
        var unscoped = _lab.Nmblookup(_lab.HostC, "-U", _lab.HostA.Address, "HOSTA#03");
        Assert.Contains($"{_lab.HostA.Address} HOSTA<03>", unscoped.Output, StringComparison.Ordinal);

        var scoped = _lab.Nmblookup(_lab.HostC, "--netbios-scope=CORP", "-U", _lab.HostA.Address, "HOSTA#03");
        Assert.DoesNotContain("HOSTA<03>", scoped.Output, StringComparison.Ordinal);
        var status = _lab.Nmblookup(_lab.HostC, "--netbios-scope=CORP", "-A", _lab.HostA.Address);
        Assert.DoesNotContain("HOSTA", status.Output, StringComparison.Ordinal);

        var text = Unique.Text("scoped session");
        var sent = _lab.Smbclient(_lab.HostC, text, "--netbios-scope=CORP", "-M", "HOSTA", "-I", _lab.HostA.Address, "-U", "alice", "-N");
        Assert.NotEqual(0, sent.ExitCode);
        _lab.Messngr.AssertNoMessage(Unique.Tag(text), TimeSpan.FromSeconds(1));
    }

    [Fact]
    public void Samba_without_a_scope_does_not_answer_a_query_in_another_scope_either()
    {
        _lab.StartSamba();
        var unscoped = _lab.Nmblookup(_lab.HostC, "-U", _lab.HostB.Address, "HOSTB#20");
        Assert.Contains($"{_lab.HostB.Address} HOSTB<20>", unscoped.Output, StringComparison.Ordinal);
        var scoped = _lab.Nmblookup(_lab.HostC, "--netbios-scope=CORP", "-U", _lab.HostB.Address, "HOSTB#20");
        Assert.DoesNotContain("HOSTB<20>", scoped.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void With_netbios_scope_CORP_only_CORP_names_are_answered_and_take_messages()
    {
        using var serve = _lab.StartMessngr(_lab.HostA, [.. Lab.DefaultMessngrArguments, "--netbios-scope", "corp"]);

        using var capture = _lab.Capture(_lab.HostC, "udp port 137");
        var scoped = _lab.Nmblookup(_lab.HostC, "--netbios-scope=CORP", "-U", _lab.HostA.Address, "HOSTA#03");
        Assert.True(scoped.Output.Contains($"{_lab.HostA.Address} HOSTA<03>", StringComparison.Ordinal), scoped.Output + scoped.Error + serve.Describe());
        var byBroadcast = _lab.Nmblookup(_lab.HostC, "--netbios-scope=CORP", "BOB#03");
        Assert.Contains($"{_lab.HostA.Address} BOB<03>", byBroadcast.Output, StringComparison.Ordinal);
        capture.Stop();

        // Our scoped answers decode cleanly: the scope labels follow the name as in the question.
        var answers = capture.Fields($"nbns.flags.response == 1 && ip.src == {_lab.HostA.Address}", "nbns.name");
        Assert.True(answers.Count >= 2, capture.Summary());
        Assert.All(answers, a => Assert.Contains("<03>.CORP", a[0], StringComparison.OrdinalIgnoreCase)); // tshark: "HOSTA<03>.CORP (Messenger service/Main name)"
        Assert.Empty(capture.Problems("nbns"));
        var unscoped = _lab.Nmblookup(_lab.HostC, "-U", _lab.HostA.Address, "HOSTA#03");
        Assert.DoesNotContain("HOSTA<03>", unscoped.Output, StringComparison.Ordinal);

        var text = Unique.Text("in scope");
        var sent = _lab.Smbclient(_lab.HostC, text, "--netbios-scope=CORP", "-M", "HOSTA", "-I", _lab.HostA.Address, "-U", "alice", "-N");
        Assert.True(sent.ExitCode == 0, sent.Output + sent.Error + serve.Describe());
        Assert.Equal(text, serve.WaitForMessage(text).Text);

        var outside = Unique.Text("no scope");
        var refused = _lab.Smbclient(_lab.HostC, outside, "-M", "HOSTA", "-I", _lab.HostA.Address, "-U", "alice", "-N");
        Assert.NotEqual(0, refused.ExitCode);
        serve.AssertNoMessage(Unique.Tag(outside), TimeSpan.FromSeconds(1));

        // messngr send in the same scope resolves BOB by broadcast in CORP and delivers.
        var viaSend = Unique.Text("send in scope");
        var send = _lab.MessngrCommand(_lab.HostC, "send", "--netbios-scope", "CORP", "--config", "/dev/null", "--state-dir", Path.Combine(_lab.Directory, "scope-client"), "BOB", viaSend);
        Assert.True(send.ExitCode == 0, send.Output + send.Error + serve.Describe());
        Assert.Equal(viaSend, serve.WaitForMessage(viaSend).Text);
    }
}
