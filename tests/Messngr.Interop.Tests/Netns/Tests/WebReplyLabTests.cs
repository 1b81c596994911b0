using System.Text.Json;

namespace Messngr.Interop.Tests.Netns.Tests;

/// <summary>
/// Issue #14, reply, in the namespace lab: real <c>messngr serve</c> nodes on HOSTA and HOSTC
/// trusting each other. A native message from A to C carries A's user's LOGIN, which is no name on
/// A; C's web API (<c>POST /api/v1/messages/{id}/reply</c>, the page's Reply, with the token
/// <c>messngr web</c> printed, over HTTP on C's loopback inside C's namespace) answers it: the
/// daemon works out a name A holds from its own peer table and trust list, and A receives the reply
/// as a verified native message from C whose replyTo is the original id.
/// </summary>
[Collection(LabCollection.Name)]
public sealed class WebReplyLabTests
{
    private static readonly TimeSpan SafetyNet = TimeSpan.FromSeconds(180);

    private readonly Lab _lab;

    public WebReplyLabTests(Lab lab) => _lab = lab;

    private NativeNode Node(LabHost host, string name) =>
        new(_lab, host, name, Path.Combine(_lab.Directory, "webreply-" + Guid.NewGuid().ToString("N")[..8], host.Name.ToLowerInvariant()));

    private (int Status, string Body) Web(LabHost host, string method, string path, string token, string? body = null) =>
        LabWebApi.Request(_lab, host, method, path, token, body);

    private static void Eventually(Func<bool> condition, string what, Func<string> describe)
    {
        var deadline = DateTime.UtcNow + SafetyNet;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"not within {SafetyNet.TotalSeconds} s: {what}\n{describe()}");
            Thread.Sleep(500);
        }
    }

    [Fact]
    public void A_reply_from_the_web_api_reaches_the_native_sender_as_a_verified_native_message_with_replyTo()
    {
        using var a = Node(_lab.HostA, "NATA");
        using var c = Node(_lab.HostC, "NATC");
        a.Start();
        c.Start(null, "--web-listen", LabWebApi.Listen);
        a.Trust(c);
        c.Trust(a);
        c.Serve.WaitForLog("web page listening on", TimeSpan.FromSeconds(60));
        var url = c.Command("web");
        Assert.True(url.ExitCode == 0, url.Error + c.AllLogs);
        var token = url.Output.Trim()[(url.Output.IndexOf("#token=", StringComparison.Ordinal) + "#token=".Length)..];

        var question = Unique.Text("lunch at noon?");
        var send = a.Send(["--native", "--json"], c.Recipient, question);
        Assert.True(send.ExitCode == 0, send.Error + send.Output);
        string id;
        using (var json = JsonDocument.Parse(send.Output))
        {
            id = json.RootElement[0].GetProperty("messageId").GetString()!;
        }

        Eventually(() => c.History(id).Count == 1, "the question at C", () => c.AllLogs);
        var (status, answer) = Web(c.Host, "POST", $"/api/v1/messages/{id}/reply", token, JsonSerializer.Serialize(new Dictionary<string, string> { ["text"] = Unique.Text("yes, at noon"), ["recipient"] = "mallory" }));
        Assert.True(status == 200, answer + c.AllLogs);
        Assert.Contains("\"outcome\":\"delivered\",\"succeeded\":true,\"transport\":\"native\",\"verified\":true", answer, StringComparison.Ordinal);
        Assert.Contains($"\"recipient\":\"NATA@{_lab.HostA.Address}:2426\"", answer, StringComparison.Ordinal);

        JsonElement? replied = null;
        Eventually(() => (replied = a.Json("history", "--json", "--limit", "50").EnumerateArray()
            .Cast<JsonElement?>().FirstOrDefault(m => m!.Value.GetProperty("text").GetString()!.Contains("yes, at noon", StringComparison.Ordinal))) is not null,
            "the reply at A", () => a.AllLogs);
        var reply = replied!.Value;
        Assert.Equal(("native", true, c.NodeId, id), (reply.GetProperty("transport").GetString(), reply.GetProperty("verified").GetBoolean(), reply.GetProperty("senderNode").GetString(), reply.GetProperty("replyTo").GetString()));
    }
}
