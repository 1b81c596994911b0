using System.Text.Json;

namespace Messngr.Interop.Tests.Netns.Tests;

/// <summary>
/// TCP 139 under attack in the lab (issue #10 items 7 and 9): one host holding trickling and
/// non-reading connections, and a flood from hundreds of spoofed addresses to the UDP ports, must
/// not keep a real sender on another host from delivering over the session service.
/// </summary>
[Collection(LabCollection.Name)]
public sealed class SessionFloodTests
{
    private readonly Lab _lab;

    public SessionFloodTests(Lab lab) => _lab = lab;

    private long Counter(string name)
    {
        var result = _lab.MessngrCommand(_lab.HostA, "status", "--json", "--state-dir", _lab.StateDirectory(_lab.HostA));
        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        return JsonDocument.Parse(result.Output).RootElement.GetProperty("counters").GetProperty(name).GetInt64();
    }

    private void SmbclientDelivers(LabHost from, string what)
    {
        var text = Unique.Text(what);
        var sent = _lab.Smbclient(from, text, "-M", "HOSTA", "-I", _lab.HostA.Address, "-U", "carol", "-N");
        Assert.True(sent.ExitCode == 0, sent.Output + sent.Error);
        _lab.Messngr.WaitForMessage(text, TimeSpan.FromSeconds(10));
    }

    [Fact]
    public void One_host_holding_78_connections_does_not_keep_another_from_delivering()
    {
        _ = _lab.Messngr;
        var refusedBefore = Counter("refusedConnections");
        // HOSTC: 8 connections that never read their replies, then 70 that trickle an unfinished frame.
        var hold = _lab.StartProcess(_lab.HostC, "/usr/bin/python3", Lab.PeerScript("hold_sessions.py"), _lab.HostA.Address,
            "--stalled", "8", "--trickle", "70", "--interval", "2", "--seconds", "120");
        try
        {
            hold.WaitForOutput("holding 8 stalled and 70 trickling", TimeSpan.FromSeconds(30));
            // HOSTC may hold 8 sessions; the 70 beyond are refused at accept and counted.
            Assert.True(SpinWait.SpinUntil(() => Counter("refusedConnections") >= refusedBefore + 70, TimeSpan.FromSeconds(20)),
                $"refusedConnections {Counter("refusedConnections")}, was {refusedBefore}\n{hold.Describe()}");

            SmbclientDelivers(_lab.HostB, "while HOSTC holds its connections");
            SmbclientDelivers(_lab.HostB, "and again");
            Assert.False(hold.HasExited, hold.Describe());
        }
        finally
        {
            hold.Stop();
        }
    }

    [Fact]
    public void A_spoofed_udp_flood_does_not_refuse_or_close_a_real_session()
    {
        _ = _lab.Messngr;
        var limitedBefore = Counter("rejectedRateLimit");
        // Hundreds of spoofed 10.99.0.x sources to UDP 137/138/135, every fourth datagram in
        // HOSTB's name to UDP 137: with shared budgets that would empty HOSTB's and the global one.
        var flood = _lab.StartProcess(_lab.HostC, "/usr/bin/python3", Lab.PeerScript("spoof_flood.py"), _lab.HostA.Address,
            "--victim", _lab.HostB.Address, "--first", "20", "--last", "250", "--seconds", "12");
        try
        {
            Assert.True(SpinWait.SpinUntil(() => Counter("rejectedRateLimit") > limitedBefore + 1000, TimeSpan.FromSeconds(20)),
                "the spoofed flood was not rate limited\n" + flood.Describe());

            // HOSTB's long-lived session opens and delivers during the flood.
            var tag = Unique.Text("session during the spoofed flood");
            var session = _lab.StartProcess(_lab.HostB, "/usr/bin/python3", Lab.PeerScript("smb_session.py"), _lab.HostA.Address,
                "--to", "HOSTA", "--from", "carol", "--text", tag, "--count", "8", "--interval", "0.4");
            Assert.True(session.WaitUntil(() => session.Output.Contains("all 8 delivered", StringComparison.Ordinal), TimeSpan.FromSeconds(30)), session.Describe());
            for (var i = 1; i <= 8; i++)
            {
                _lab.Messngr.WaitForMessage($"{tag} {i}", TimeSpan.FromSeconds(10));
            }

            SmbclientDelivers(_lab.HostB, "smbclient during the spoofed flood");
            Assert.False(flood.HasExited, "the flood ended before the session did; the test proved nothing\n" + flood.Describe());
            flood.WaitForOutput("sent ", TimeSpan.FromSeconds(30));
        }
        finally
        {
            flood.Stop();
        }

        // HOSTB's and the spoofed sources' UDP buckets are empty: let them refill before the next test.
        Thread.Sleep(TimeSpan.FromSeconds(3));
    }
}
