using System.Text.Json;
using System.Threading.Channels;
using Messngr.Daemon.Tests.Desktop;
using Messngr.Interop.Tests.Netns;
using Messngr.Interop.Tests.Netns.Tests;

namespace Messngr.Interop.Tests.Desktop;

/// <summary>
/// Issue #14, item 1, over the native transport in the namespace lab: real <c>messngr serve</c>
/// nodes on HOSTA (the sender) and HOSTC (the receiver) trusting each other, the real
/// <c>messngr agent</c> on HOSTC with a private dbus-daemon and a recording notification server
/// (with inline reply). A native message is shown "(verified, node …)"; Mark read in the
/// notification sends the read receipt back, so the SENDER's <c>messngr sent ID</c> shows
/// displayed and read; an inline reply reaches the sender as a verified native message.
/// </summary>
[Collection(LabCollection.Name)]
public sealed class AgentNativeLabTests
{
    private static readonly TimeSpan SafetyNet = TimeSpan.FromSeconds(180);

    private static readonly string[] MessngrDll = ["dotnet", Path.Combine(AppContext.BaseDirectory, "messngr.dll")];

    private readonly Lab _lab;

    public AgentNativeLabTests(Lab lab) => _lab = lab;

    private NativeNode Node(LabHost host, string name) =>
        new(_lab, host, name, Path.Combine(_lab.Directory, "agent-" + Guid.NewGuid().ToString("N")[..8], host.Name.ToLowerInvariant()));

    private static async Task<RecordedNotify> NotifiedWith(Channel<RecordedNotify> notified, string tag)
    {
        using var timeout = new CancellationTokenSource(SafetyNet);
        while (true)
        {
            var call = await notified.Reader.ReadAsync(timeout.Token);
            if (call.Body.Contains(tag, StringComparison.Ordinal))
            {
                return call;
            }
        }
    }

    /// <summary>What to add to a failure: the agent's output.</summary>
    private static Func<string>? Describe { get; set; }

    private static void Eventually(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + SafetyNet;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"not within {SafetyNet.TotalSeconds} s: {what}\n{Describe?.Invoke()}");
            Thread.Sleep(500);
        }
    }

    [Fact]
    public async Task Mark_read_in_the_notification_reaches_the_senders_sent_and_an_inline_reply_reaches_the_sender()
    {
        using var a = Node(_lab.HostA, "NATA");
        using var c = Node(_lab.HostC, "NATC");
        a.Start();
        c.Start();
        a.Trust(c);
        c.Trust(a);
        using var bus = await PrivateSessionBus.StartAsync();
        using var server = await RecordingNotificationServer.StartAsync(bus.Address, "actions", "body", "body-markup", "inline-reply");
        // The bus is a path socket: reachable from HOSTC's network namespace.
        using var agent = NetnsProcess.Start(c.Host, [.. MessngrDll, "agent", "--state-dir", c.StateDirectory], new Dictionary<string, string> { ["DBUS_SESSION_BUS_ADDRESS"] = bus.Address });

        Describe = agent.Describe;

        // Subscribed once a classic probe from A shows up as a notification.
        var probe = Unique.Text("agent probe");
        var probed = NotifiedWith(server.Notified, Unique.Tag(probe));
        while (!probed.IsCompleted)
        {
            Assert.False(agent.HasExited, agent.Describe());
            var sent = a.Send(["--transport", "smb"], c.Recipient, probe);
            Assert.True(sent.ExitCode == 0, sent.Error + sent.Output);
            await Task.WhenAny(probed, Task.Delay(TimeSpan.FromSeconds(5)));
        }

        // A native message: verified, with the node; Mark read → displayed and read at the sender.
        var text = Unique.Text("native to the desktop");
        var send = a.Send(["--native", "--json"], c.Recipient, text);
        Assert.True(send.ExitCode == 0, send.Error + send.Output);
        string id;
        using (var json = JsonDocument.Parse(send.Output))
        {
            id = json.RootElement[0].GetProperty("messageId").GetString()!;
        }

        var call = await NotifiedWith(server.Notified, Unique.Tag(text));
        Assert.StartsWith($"root (verified, node {a.NodeId[..12]})", call.Summary, StringComparison.Ordinal);
        Assert.Equal(["default", "Mark read", "mark-read", "Mark read", "inline-reply", "Reply"], call.Actions);
        server.InvokeAction(call.AnsweredId, "mark-read");
        Eventually(() => a.Sent(id).GetProperty("receipts").EnumerateArray().Any(r => r.GetProperty("state").GetString() == "read"), "the read receipt at the sender");
        var states = a.Sent(id).GetProperty("receipts").EnumerateArray().Select(r => r.GetProperty("state").GetString()).ToList();
        Assert.Contains("displayed", states);

        // Inline reply to a second message: a native message from C's user back to A.
        var question = Unique.Text("lunch?");
        send = a.Send(["--native"], c.Recipient, question);
        Assert.True(send.ExitCode == 0, send.Error + send.Output);
        var asked = await NotifiedWith(server.Notified, Unique.Tag(question));
        var reply = Unique.Text("the answer");
        server.Reply(asked.AnsweredId, reply);
        Eventually(() => a.Json("history", "--json", "--limit", "50").EnumerateArray().Any(m => m.GetProperty("text").GetString() is { } t && t.Contains(Unique.Tag(reply), StringComparison.Ordinal)), "the reply at the sender");
        var answered = a.Json("history", "--json", "--limit", "50").EnumerateArray().First(m => m.GetProperty("text").GetString()!.Contains(Unique.Tag(reply), StringComparison.Ordinal));
        Assert.Equal("native", answered.GetProperty("transport").GetString());
        Assert.Equal(c.NodeId, answered.GetProperty("senderNode").GetString());
        Assert.True(agent.Stop() == 0, agent.Describe());
        Assert.Equal(string.Empty, agent.Error);
    }
}
