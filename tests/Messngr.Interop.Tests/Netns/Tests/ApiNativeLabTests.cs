using System.Globalization;
using System.Text.Json;

namespace Messngr.Interop.Tests.Netns.Tests;

/// <summary>
/// Issue #15, item 1, end to end against a real native receiver: two real <c>messngr serve</c>
/// nodes that trust each other, HOSTA with its HTTP API on (<c>--api-listen 127.0.0.1:2428</c> in
/// its namespace) and a token made by <c>messngr token add --send-to</c>. curl, inside HOSTA,
/// POSTs <c>/v1/messages</c> to HOSTC's node: priority, expiry and correlation key travel natively
/// (HOSTC's <c>history --json</c> shows priority high, authenticated), a second message with the
/// key replaces the first there, <c>close: true</c> replaces it with "RESOLVED: …", and a message
/// whose expiry passes while HOSTC is down is never shown there and ends expired at HOSTA
/// (<c>GET /v1/messages/{id}</c>). README: "HTTP API". No timed assertions: every wait polls a
/// state, bounded by a generous safety net.
/// </summary>
[Collection(LabCollection.Name)]
public sealed class ApiNativeLabTests
{
    private static readonly TimeSpan SafetyNet = TimeSpan.FromSeconds(180);

    private const string ApiOrigin = "http://127.0.0.1:2428";

    private readonly Lab _lab;

    public ApiNativeLabTests(Lab lab) => _lab = lab;

    private NativeNode Node(LabHost host, string name) =>
        new(_lab, host, name, Path.Combine(_lab.Directory, "apin-" + Guid.NewGuid().ToString("N")[..8], host.Name.ToLowerInvariant()));

    /// <summary>curl in <paramref name="node"/>'s namespace, the token as Bearer, <paramref name="json"/> (if any) on stdin as the body; the status and the body.</summary>
    private (int Status, string Body) Api(NativeNode node, string token, string path, string? json = null)
    {
        string[] post = json is null ? [] : ["-H", "Content-Type: application/json", "--data-binary", "@-"];
        var result = _lab.ExecWithInput(node.Host, json,
            ["curl", "--silent", "--show-error", "--max-time", "120", "-H", $"Authorization: Bearer {token}", .. post, "--write-out", "\n%{http_code}", ApiOrigin + path], 150_000);
        Assert.True(result.ExitCode == 0, $"curl exited {result.ExitCode}: {result.Error}\n{node.AllLogs}");
        var cut = result.Output.LastIndexOf('\n');
        return (int.Parse(result.Output[(cut + 1)..].Trim(), CultureInfo.InvariantCulture), result.Output[..cut]);
    }

    /// <summary>POST /v1/messages with <paramref name="fields"/> (JSON members after "recipients"); asserts one of <paramref name="statuses"/> and returns the one result.</summary>
    private JsonElement Publish(NativeNode sender, string token, NativeNode receiver, string fields, params int[] statuses)
    {
        var (code, body) = Api(sender, token, "/v1/messages", $"{{\"recipients\":[\"{receiver.Name}@{receiver.Host.Address}:2426\"],{fields}}}");
        Assert.True(statuses.Contains(code), $"POST /v1/messages answered {code}: {body}\n{sender.AllLogs}");
        using var json = JsonDocument.Parse(body);
        var result = Assert.Single(json.RootElement.GetProperty("results").EnumerateArray()).Clone();
        Assert.Equal("native", result.GetProperty("transport").GetString());
        return result;
    }

    /// <summary>The sender's state of a message, from <c>GET /v1/messages/{id}</c> with the token.</summary>
    private string SentState(NativeNode sender, string token, string id)
    {
        var (code, body) = Api(sender, token, "/v1/messages/" + id);
        Assert.True(code == 200, $"GET /v1/messages/{id} answered {code}: {body}");
        using var json = JsonDocument.Parse(body);
        return json.RootElement.GetProperty("state").GetString()!;
    }

    /// <summary>The receiver's current messages (<c>history --json</c>, replaced ones left out) whose text has <paramref name="tag"/>.</summary>
    private static List<JsonElement> Shown(NativeNode node, string tag) =>
        [.. node.Json("history", "--json", "--limit", "1000").EnumerateArray().Where(m => m.GetProperty("text").GetString() is { } t && t.Contains(tag, StringComparison.Ordinal))];

    private static void Eventually(Func<bool> condition, Func<string> what)
    {
        var deadline = DateTime.UtcNow + SafetyNet;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"not within {SafetyNet.TotalSeconds} s: {what()}");
            Thread.Sleep(500);
        }
    }

    /// <summary>The receiver on HOSTC and the sender with its HTTP API on HOSTA, trusting each other, and a token of the sender that may reach the receiver.</summary>
    private (NativeNode Sender, NativeNode Receiver, string Token) StartPair(string senderName, string receiverName)
    {
        var c = Node(_lab.HostC, receiverName);
        NativeNode? a = null;
        try
        {
            c.Start();
            a = Node(_lab.HostA, senderName);
            a.Start(null, "--api-listen", "127.0.0.1:2428");
            a.Serve.WaitForLog("HTTP API listening on", SafetyNet);
            a.Trust(c);
            c.Trust(a);
            return (a, c, NewToken(a, "lab", $"{c.Name}@*"));
        }
        catch
        {
            a?.Dispose();
            c.Dispose();
            throw;
        }
    }

    private static string NewToken(NativeNode node, string name, string sendTo)
    {
        var add = node.Command("token", "add", "--name", name, "--send-to", sendTo);
        Assert.True(add.ExitCode == 0, add.Error + add.Output);
        return add.Output.Trim();
    }

    [Fact]
    public void Published_messages_reach_a_native_node_with_priority_expiry_and_a_key_that_replaces_and_closes()
    {
        var (a, c, token) = StartPair("APIA", "APIC");
        using var sender = a;
        using var receiver = c;
        var text = Unique.Text("disk /var is 91% full");
        var tag = Unique.Tag(text);
        var key = "disk-var-" + tag[1..];

        // 1. Priority high, an expiry and a key: stored at HOSTC, verified, high.
        var first = Publish(a, token, c, $"\"title\":\"Disk full\",\"text\":\"{text}\",\"priority\":\"high\",\"expires\":3600,\"correlationKey\":\"{key}\"", 200);
        Assert.True(first.GetProperty("verified").GetBoolean(), first.ToString());
        var firstId = first.GetProperty("messageId").GetString()!;
        Eventually(() => Shown(c, tag).Count == 1, () => "the first message at HOSTC\n" + c.AllLogs);
        var shown = Assert.Single(Shown(c, tag));
        Assert.Equal(firstId, shown.GetProperty("id").GetString());
        Assert.Equal("Disk full\n\n" + text, shown.GetProperty("text").GetString());
        Assert.Equal("high", shown.GetProperty("priority").GetString());
        Assert.True(shown.GetProperty("authenticated").GetBoolean(), shown.ToString());
        Assert.Equal(key, shown.GetProperty("correlationKey").GetString());
        Eventually(() => SentState(a, token, firstId) is "stored" or "displayed" or "read", () => $"{firstId} stored at HOSTA: {SentState(a, token, firstId)}");

        // 2. The same key again: one message at HOSTC, the new text.
        var worse = text.Replace("91%", "97%", StringComparison.Ordinal);
        var second = Publish(a, token, c, $"\"title\":\"Disk full\",\"text\":\"{worse}\",\"priority\":\"high\",\"correlationKey\":\"{key}\"", 200);
        var secondId = second.GetProperty("messageId").GetString()!;
        Eventually(() => Shown(c, tag) is [var only] && only.GetProperty("id").GetString() == secondId, () => "only the second message at HOSTC\n" + c.AllLogs);
        Assert.Equal("Disk full\n\n" + worse, Assert.Single(Shown(c, tag)).GetProperty("text").GetString());

        // 3. close: the RESOLVED replacement, alone.
        var closed = Publish(a, token, c, $"\"title\":\"Disk full\",\"text\":\"cleaned up {tag}\",\"correlationKey\":\"{key}\",\"close\":true", 200);
        var closedId = closed.GetProperty("messageId").GetString()!;
        Eventually(() => Shown(c, tag) is [var only] && only.GetProperty("id").GetString() == closedId, () => "only the resolved message at HOSTC\n" + c.AllLogs);
        Assert.Equal($"RESOLVED: Disk full\n\ncleaned up {tag}", Assert.Single(Shown(c, tag)).GetProperty("text").GetString());
        var all = c.Json("history", "--json", "--all", "--limit", "1000").EnumerateArray()
            .Where(m => m.GetProperty("correlationKey").GetString() == key).ToList();
        Assert.Equal(3, all.Count);
        Assert.All(all.Where(m => m.GetProperty("id").GetString() != closedId), m => Assert.NotNull(m.GetProperty("supersededBy").GetString()));
    }

    [Fact]
    public void A_published_message_whose_expiry_passes_while_the_node_is_down_is_never_shown_and_ends_expired()
    {
        var (a, c, token) = StartPair("APIS", "APIE");
        using var sender = a;
        using var receiver = c;
        Assert.Equal(0, c.Stop());

        var late = Unique.Text("too late to matter");
        var queued = Publish(a, token, c, $"\"text\":\"{late}\",\"priority\":\"high\",\"expires\":2", 202);
        Assert.Equal("queued", queued.GetProperty("outcome").GetString());
        var id = queued.GetProperty("messageId").GetString()!;
        Eventually(() => SentState(a, token, id) == "expired", () => $"{id} expired at HOSTA: {SentState(a, token, id)}\n{a.AllLogs}");

        // HOSTC back: a later message arrives, the expired one never does.
        c.Start();
        var marker = Unique.Text("after the expiry");
        Publish(a, token, c, $"\"text\":\"{marker}\"", 200, 202); // 202: queued if HOSTC's listener is not up yet
        Eventually(() => Shown(c, Unique.Tag(marker)).Count == 1, () => "the later message at HOSTC\n" + c.AllLogs);
        Assert.Empty(Shown(c, Unique.Tag(late)));
        Assert.Empty(c.History(id));
        Assert.Equal("expired", SentState(a, token, id));
    }
}
