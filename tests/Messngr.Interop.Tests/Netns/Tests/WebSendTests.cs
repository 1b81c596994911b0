using System.Text.Json;

namespace Messngr.Interop.Tests.Netns.Tests;

/// <summary>
/// Issue #14, item 2, second part, against a real third-party peer: the real <c>messngr serve</c>
/// on HOSTA serves the web page on HOSTA's loopback; its web API (<c>POST /api/v1/send/any</c>,
/// what the page's compose and reply call, with the token <c>messngr web</c> printed) sends to
/// Samba on HOSTB — the name resolved by broadcast, the message over SMB while the daemon's own
/// listeners hold 137–139 — and smbd's message command records it, from the token's user. A
/// classic message Samba's client sends from HOSTB is answered the way the page answers it
/// (<c>POST /api/v1/messages/{seq}/reply</c>: the daemon sends to the sender's name over SMB) and
/// the reply reaches HOSTB's smbd.
/// </summary>
[Collection(LabCollection.Name)]
public sealed class WebSendTests
{
    private readonly Lab _lab;

    public WebSendTests(Lab lab) => _lab = lab;

    private (int Status, string Body) Web(string method, string path, string token, string? body = null) =>
        LabWebApi.Request(_lab, _lab.HostA, method, path, token, body);

    [Fact]
    public void The_web_api_composes_to_samba_over_smb_and_a_reply_to_a_classic_message_reaches_its_sender()
    {
        var samba = _lab.StartSamba();
        using var serve = _lab.StartMessngr(_lab.HostA, [.. Lab.DefaultMessngrArguments, "--web-listen", LabWebApi.Listen]);
        serve.WaitForLog("web page listening on", TimeSpan.FromSeconds(60));
        var url = _lab.MessngrCommand(_lab.HostA, "web", "--state-dir", serve.StateDirectory);
        Assert.True(url.ExitCode == 0, url.Error + serve.Describe());
        var token = url.Output.Trim()[(url.Output.IndexOf("#token=", StringComparison.Ordinal) + "#token=".Length)..];

        // Compose to Samba's computer name, as the page does.
        var composed = Unique.Text("composed on the page");
        var (status, answer) = Web("POST", "/api/v1/send/any", token, JsonSerializer.Serialize(new Dictionary<string, string> { ["recipient"] = "HOSTB", ["text"] = composed, ["from"] = "mallory" }));
        Assert.True(status == 200, answer + serve.Describe());
        Assert.Contains("\"outcome\":\"delivered\",\"succeeded\":true,\"transport\":\"smb\",\"verified\":false,\"to\":\"HOSTB\"", answer, StringComparison.Ordinal);
        var arrived = samba.WaitForMessage(Unique.Tag(composed), TimeSpan.FromSeconds(30));
        Assert.Equal(("root", "hostb"), (arrived.From, arrived.To)); // the daemon ran as root: the token's uid 0 is 'root', never the body's 'from'

        // A classic message from HOSTB's name (smbclient on HOSTB), answered as the page answers it.
        var question = Unique.Text("are you there");
        var sent = _lab.Smbclient(_lab.HostB, question, "-M", "HOSTA", "-I", _lab.HostA.Address, "-U", "HOSTB", "-N");
        Assert.True(sent.ExitCode == 0, sent.Output + sent.Error);
        serve.WaitForMessage(Unique.Tag(question), TimeSpan.FromSeconds(30));
        var (historyStatus, history) = Web("GET", "/api/v1/history?limit=50", token);
        Assert.Equal(200, historyStatus);
        var received = JsonDocument.Parse(history).RootElement.EnumerateArray().First(m => m.GetProperty("text").GetString()!.Contains(Unique.Tag(question), StringComparison.Ordinal));
        Assert.Equal("smb", received.GetProperty("transport").GetString());

        var reply = Unique.Text("yes, here");
        var (replyStatus, replyAnswer) = Web("POST", $"/api/v1/messages/{received.GetProperty("seq").GetInt64()}/reply", token, JsonSerializer.Serialize(new Dictionary<string, string> { ["text"] = reply }));
        Assert.True(replyStatus == 200, replyAnswer + serve.Describe());
        Assert.Contains("\"outcome\":\"delivered\"", replyAnswer, StringComparison.Ordinal);
        var replied = samba.WaitForMessage(Unique.Tag(reply), TimeSpan.FromSeconds(30));
        Assert.Equal("hostb", replied.To);
    }

    /// <summary>
    /// Issue #14: the page's "*" (everyone) through the web API of the real <c>messngr serve</c> on
    /// HOSTC is a mailslot broadcast to the workgroup; another real <c>messngr serve</c> on HOSTA in
    /// the same workgroup receives it, from the token's user (uid 0, 'root'; never the body's
    /// 'from'), to the workgroup, unverified.
    /// </summary>
    [Fact]
    public void The_web_apis_star_is_a_workgroup_broadcast_a_real_messngr_peer_receives_from_the_tokens_user()
    {
        var receiver = _lab.Messngr;
        using var serve = _lab.StartMessngr(_lab.HostC, "--netbios-name", "WEBC", "--workgroup", Lab.Workgroup, "--interface", _lab.HostC.Address, "--web-listen", LabWebApi.Listen);
        serve.WaitForLog("web page listening on", TimeSpan.FromSeconds(60));
        var url = _lab.MessngrCommand(_lab.HostC, "web", "--state-dir", serve.StateDirectory);
        Assert.True(url.ExitCode == 0, url.Error + serve.Describe());
        var token = url.Output.Trim()[(url.Output.IndexOf("#token=", StringComparison.Ordinal) + "#token=".Length)..];

        var text = Unique.Text("everyone from the page");
        var (status, answer) = LabWebApi.Request(_lab, _lab.HostC, "POST", "/api/v1/send/any", token, JsonSerializer.Serialize(new Dictionary<string, string> { ["recipient"] = "*", ["text"] = text, ["from"] = "mallory" }));
        Assert.True(status == 200, answer + serve.Describe());
        Assert.Contains("\"outcome\":\"accepted-for-broadcast\",\"succeeded\":true", answer, StringComparison.Ordinal);

        var received = receiver.WaitForMessage(text, TimeSpan.FromSeconds(30));
        Assert.Equal(("root", Lab.Workgroup, false), (received.From, received.To, received.Verified));
        var history = _lab.MessngrCommand(_lab.HostA, "history", "--json", "--limit", "50", "--state-dir", receiver.StateDirectory);
        Assert.True(history.ExitCode == 0, history.Error);
        using var json = JsonDocument.Parse(history.Output);
        var entry = json.RootElement.EnumerateArray().First(m => m.GetProperty("text").GetString() == text);
        Assert.Equal(("root", Lab.Workgroup, false), (entry.GetProperty("from").GetString(), entry.GetProperty("to").GetString(), entry.GetProperty("verified").GetBoolean()));
    }
}
