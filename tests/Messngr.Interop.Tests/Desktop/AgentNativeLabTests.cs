using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading.Channels;
using Messngr.Cli.Desktop;
using Messngr.Daemon.Sinks;
using Messngr.Daemon.Tests.Desktop;
using Messngr.Interop.Tests.Netns;
using Messngr.Interop.Tests.Netns.Tests;
using Messngr.Interop.Tests.Support;

namespace Messngr.Interop.Tests.Desktop;

/// <summary>
/// Issue #14, item 1, over the native transport in the namespace lab: real <c>messngr serve</c>
/// nodes on HOSTA (the sender) and HOSTC (the receiver) trusting each other, the real
/// <c>messngr agent</c> on HOSTC with a private dbus-daemon and a recording notification server
/// (with inline reply). A native message is shown "(verified, node …)"; Mark read in the
/// notification sends the read receipt back, so the SENDER's <c>messngr sent ID</c> shows
/// displayed and read; an inline reply reaches the sender as a verified native message.
/// Messages sent with <c>send --correlation-key</c> replace their notification (<c>replaces_id</c>)
/// and their history row; the largest native text (64 KiB, hostile) is shown inertly and cut
/// visibly by the agent and the terminal, and returned whole by <c>listen</c> and <c>history</c>.
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

    /// <summary>Sends classic probes from <paramref name="a"/> until the agent (and <paramref name="listen"/>, when given) shows one: both are subscribed then.</summary>
    private static async Task WaitUntilSubscribedAsync(NativeNode a, NativeNode c, RecordingNotificationServer server, NetnsProcess agent, NetnsProcess? listen = null)
    {
        var probe = Unique.Text("agent probe");
        var probed = NotifiedWith(server.Notified, Unique.Tag(probe));
        while (!probed.IsCompleted || (listen is not null && !listen.Output.Contains(Unique.Tag(probe), StringComparison.Ordinal)))
        {
            Assert.False(agent.HasExited, agent.Describe());
            Assert.False(listen?.HasExited == true, listen?.Describe());
            var sent = a.Send(["--transport", "smb"], c.Recipient, probe);
            Assert.True(sent.ExitCode == 0, sent.Error + sent.Output);
            await Task.WhenAny(probed, Task.Delay(TimeSpan.FromSeconds(5)));
        }
    }

    private static string MessageId(Tool.Result send)
    {
        Assert.True(send.ExitCode == 0, send.Error + send.Output);
        using var json = JsonDocument.Parse(send.Output);
        return json.RootElement[0].GetProperty("messageId").GetString()!;
    }

    [Fact]
    public async Task A_message_with_the_same_correlation_key_replaces_the_notification_and_the_history_row()
    {
        using var a = Node(_lab.HostA, "KEYA");
        using var c = Node(_lab.HostC, "KEYC");
        a.Start();
        c.Start();
        a.Trust(c);
        c.Trust(a);
        using var bus = await PrivateSessionBus.StartAsync();
        using var server = await RecordingNotificationServer.StartAsync(bus.Address, "actions", "body", "body-markup");
        using var agent = NetnsProcess.Start(c.Host, [.. MessngrDll, "agent", "--state-dir", c.StateDirectory], new Dictionary<string, string> { ["DBUS_SESSION_BUS_ADDRESS"] = bus.Address });
        Describe = agent.Describe;
        await WaitUntilSubscribedAsync(a, c, server, agent);

        var running = Unique.Text("build 42: running");
        var firstId = MessageId(a.Send(["--native", "--json", "--correlation-key", "build-42"], c.Recipient, running));
        var first = await NotifiedWith(server.Notified, Unique.Tag(running));
        Assert.Equal(0u, first.ReplacesId);

        var passed = Unique.Text("build 42: passed");
        var secondId = MessageId(a.Send(["--native", "--json", "--correlation-key", "build-42"], c.Recipient, passed));
        var second = await NotifiedWith(server.Notified, Unique.Tag(passed));
        Assert.Equal(first.AnsweredId, second.ReplacesId);

        var other = Unique.Text("build 43: running");
        _ = MessageId(a.Send(["--native", "--json", "--correlation-key", "build-43"], c.Recipient, other));
        var third = await NotifiedWith(server.Notified, Unique.Tag(other));
        Assert.Equal(0u, third.ReplacesId);
        Assert.NotEqual(second.AnsweredId, third.AnsweredId);

        // B's history: only the latest of the key; --all both, the first superseded by the second.
        Assert.Empty(c.History(firstId));
        Assert.Single(c.History(secondId));
        var all = c.Json("history", "--json", "--all", "--limit", "1000").EnumerateArray().ToList();
        var replaced = Assert.Single(all, m => m.GetProperty("id").GetString() == firstId);
        Assert.Equal(secondId, replaced.GetProperty("supersededBy").GetString());
        Assert.Equal("build-42", replaced.GetProperty("correlationKey").GetString());
        Assert.Single(all, m => m.GetProperty("id").GetString() == secondId);
        Assert.True(agent.Stop() == 0, agent.Describe());
    }

    /// <summary>
    /// The largest text the native transport carries (docs/native-protocol.md §8: 64 KiB of UTF-8;
    /// 'send' and POST /v1/send take no more, so "100 KB" is sent as these 65,536 bytes), hostile:
    /// notification markup, a script, terminal escapes (SGR, OSC title), a bidi override, then filler.
    /// </summary>
    private static string HostileText(string tag)
    {
        var head = $"{tag} <b>bold</b><a href=\"http://evil.example/\">x</a><script>alert(1)</script><img src=x onerror=alert(2)> \u001b[31mRED\u001b[0m \u001b]0;owned\u0007 \u202Eevil\u202C end of head\n";
        var text = new StringBuilder(head);
        var line = 0;
        while (Encoding.UTF8.GetByteCount(text.ToString()) < 65_536 - 80)
        {
            text.Append(CultureInfo.InvariantCulture, $"filler line {line++:D5} ").Append('x', 60).Append('\n');
        }

        text.Append('y', 65_536 - Encoding.UTF8.GetByteCount(text.ToString()));
        return text.ToString();
    }

    [Fact]
    public async Task The_largest_hostile_native_text_is_cut_visibly_and_inert_on_the_desktop_and_the_terminal_and_whole_in_listen_and_history()
    {
        using var terminal = LabPty.Open();
        terminal.GiveTo("root");
        terminal.Mesg(on: true);
        var root = Path.Combine(_lab.Directory, "big-" + Guid.NewGuid().ToString("N")[..8]);
        var run = Path.Combine(root, "run");
        LabUtmp.Write(run, (terminal.Line, "root"));
        using var a = new NativeNode(_lab, _lab.HostA, "BIGA", Path.Combine(root, "hosta"));
        using var c = new NativeNode(_lab, _lab.HostC, "BIGC", Path.Combine(root, "hostc"));
        a.Start();
        c.Start(LabUtmp.RunPrefix(run));
        a.Trust(c);
        c.Trust(a);
        using var bus = await PrivateSessionBus.StartAsync();
        using var server = await RecordingNotificationServer.StartAsync(bus.Address, "actions", "body", "body-markup");
        using var agent = NetnsProcess.Start(c.Host, [.. MessngrDll, "agent", "--state-dir", c.StateDirectory], new Dictionary<string, string> { ["DBUS_SESSION_BUS_ADDRESS"] = bus.Address });
        using var listen = NetnsProcess.Start(c.Host, [.. MessngrDll, "listen", "--json", "--state-dir", c.StateDirectory]);
        Describe = () => agent.Describe() + "\n" + listen.Describe();
        await WaitUntilSubscribedAsync(a, c, server, agent, listen);

        var tag = Unique.Tag(Unique.Text("big"));
        var text = HostileText(tag);
        Assert.Equal(65_536, Encoding.UTF8.GetByteCount(text));
        var id = MessageId(a.Send(["--native", "--json"], c.Recipient, text));

        // The agent: sanitised, markup escaped, cut at its 2,000-character limit with a visible mark.
        var call = await NotifiedWith(server.Notified, tag);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", call.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("<", call.Body, StringComparison.Ordinal);
        Assert.DoesNotContain('\u001b', call.Body);
        Assert.DoesNotContain('\u202E', call.Body);
        Assert.Matches(@"\n\[… cut: 2000 of [0-9]+ characters shown; 'messngr history' has all\]$", call.Body);
        Assert.True(call.Body.Length < NotificationText.BodyLimit * 6 + 200, $"{call.Body.Length} characters in the Notify body");

        // The terminal: the header, the text sanitised, cut at the tty sink's limit with its marker.
        var shown = terminal.ReadUntil(b => b.AsSpan().IndexOf("' shows all]"u8) >= 0, TimeSpan.FromSeconds(120));
        var written = Encoding.UTF8.GetString(shown);
        var report = $"{terminal.Line} received {shown.Length} bytes: {written[..Math.Min(written.Length, 600)]}\n…\n{written[Math.Max(0, written.Length - 300)..]}\n{c.AllLogs}";
        Assert.True(written.Contains(tag, StringComparison.Ordinal), report);
        Assert.True(written.Contains(TtyMessageFormatter.TruncatedMarker, StringComparison.Ordinal), report);
        Assert.True(written.Contains("(native, verified):", StringComparison.Ordinal), report);
        Assert.True(written.Contains("<b>bold</b>", StringComparison.Ordinal) && written.Contains("<script>alert(1)", StringComparison.Ordinal), report); // a terminal runs no HTML
        Assert.True(Regex.IsMatch(written, $@"\n\[message truncated: [0-9]+ more characters; 'messngr read {id}' shows all\]"), report);
        Assert.True(shown.AsSpan().IndexOf((byte)0x1b) < 0, report);
        Assert.True(!written.Contains('\u202E', StringComparison.Ordinal), report);
        Assert.True(shown.Length < 2 * 4096, report); // the sink's 4,095 characters, indented and folded — not 64 KiB

        // listen --json and history --json: the text whole, byte for byte.
        Eventually(() => listen.Output.Contains(tag, StringComparison.Ordinal), "the message in listen --json");
        var listened = listen.Output.Split('\n').Where(l => l.Contains(tag, StringComparison.Ordinal)).Select(l => JsonDocument.Parse(l).RootElement.Clone()).Single();
        Assert.Equal(text, listened.GetProperty("text").GetString());
        Assert.Equal(text, Assert.Single(c.History(id)).GetProperty("text").GetString());
        Assert.True(agent.Stop() == 0, agent.Describe());
    }
}
