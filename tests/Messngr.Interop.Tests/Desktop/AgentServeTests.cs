using System.Globalization;
using System.Text.Json;
using System.Threading.Channels;
using Messngr.Daemon.Tests.Desktop;
using Messngr.Interop.Tests.Support;

namespace Messngr.Interop.Tests.Desktop;

/// <summary>
/// Issue #14, item 1, end to end: the real <c>messngr agent</c> binary, a real <c>messngr serve</c>
/// (<c>--web-listen off</c>), a real private dbus-daemon with a recording notification server on
/// it, and Samba's <c>smbclient -M</c> as the classic sender: the exact Notify of a hostile message,
/// displayed recorded once Notify answered, close when the message is read elsewhere
/// (<c>messngr read</c>), mark-read from the notification recorded as read.
/// </summary>
public sealed class AgentServeTests : IDisposable
{
    private static readonly TimeSpan SafetyNet = TimeSpan.FromSeconds(60);

    private readonly string _state = Path.Combine(Directory.CreateTempSubdirectory("messngr-agent-serve-").FullName, "state");

    public void Dispose() => Directory.Delete(Path.GetDirectoryName(_state)!, recursive: true);

    private static async Task<T> Next<T>(Channel<T> channel) => await channel.Reader.ReadAsync().AsTask().WaitAsync(SafetyNet);

    private static Tool.Result Messngr(params string[] args) =>
        Tool.Run("dotnet", [Path.Combine(AppContext.BaseDirectory, "messngr.dll"), .. args]);

    private static void Smbclient(ServeProcess serve, string text)
    {
        var result = Tool.Run("smbclient", ["-M", "HOSTB", "-I", "127.0.0.1", "-p", serve.Port.Session.ToString(CultureInfo.InvariantCulture), "-U", "alice", "-N"], text);
        Assert.True(result.ExitCode == 0, result.Output + result.Error);
    }

    /// <summary>The newest message in history (seq, displayedAt, readAt), as 'messngr history --json' shows it.</summary>
    private (long Seq, bool Displayed, bool Read) Newest()
    {
        var history = Messngr("history", "--json", "--limit", "1", "--state-dir", _state);
        Assert.True(history.ExitCode == 0, history.Error);
        using var json = JsonDocument.Parse(history.Output);
        var m = json.RootElement[0];
        return (m.GetProperty("seq").GetInt64(), m.GetProperty("displayedAt").ValueKind != JsonValueKind.Null, m.GetProperty("readAt").ValueKind != JsonValueKind.Null);
    }

    private static void Eventually(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + SafetyNet;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"not within {SafetyNet.TotalSeconds} s: {what}");
            Thread.Sleep(100);
        }
    }

    [Fact]
    public async Task A_classic_message_from_smbclient_becomes_an_inert_notification_closed_when_read_elsewhere_and_marked_read_from_it()
    {
        using var bus = await PrivateSessionBus.StartAsync();
        using var server = await RecordingNotificationServer.StartAsync(bus.Address, "actions", "body", "body-markup");
        using var serve = ServeProcess.StartIn(_state, "HOSTB", "LAB", "--log-level", "debug");
        using var agent = ChildProcess.Messngr(new Dictionary<string, string> { ["DBUS_SESSION_BUS_ADDRESS"] = bus.Address }, "agent", "--state-dir", _state);
        serve.WaitForLog("listen stream for uid 0 opened", SafetyNet);

        Smbclient(serve, "<b>bold</b> & <script>alert(1)</script> <img src=x onerror=alert(2)>\u001b[2Jafter");
        var call = await Next(server.Notified);

        Assert.Equal("messngr", call.AppName);
        Assert.Equal(0u, call.ReplacesId);
        Assert.Equal("alice (unverified)", call.Summary);
        Assert.Equal("&lt;b&gt;bold&lt;/b&gt; &amp; &lt;script&gt;alert(1)&lt;/script&gt; &lt;img src=x onerror=alert(2)&gt;after", call.Body);
        Assert.Equal(["default", "Mark read", "mark-read", "Mark read"], call.Actions);
        Assert.Equal(1, call.Hints["urgency"].GetByte());
        Assert.Equal(-1, call.ExpireTimeout);
        Eventually(() => Newest().Displayed, "displayed recorded after Notify answered");

        // Read elsewhere: the agent closes the notification.
        var read = Messngr("read", Newest().Seq.ToString(CultureInfo.InvariantCulture), "--state-dir", _state);
        Assert.True(read.ExitCode == 0, read.Error);
        Assert.Equal(call.AnsweredId, await Next(server.Closed));

        // Mark read from the notification: recorded read, then closed.
        Smbclient(serve, "second");
        var second = await Next(server.Notified);
        Assert.False(Newest().Read);
        server.InvokeAction(second.AnsweredId, "mark-read");
        Assert.Equal(second.AnsweredId, await Next(server.Closed));
        Eventually(() => Newest().Read, "read recorded");

        Assert.Equal(0, agent.Stop());
        Assert.Equal(string.Empty, agent.Error);
        Assert.Equal(string.Empty, agent.Output);
    }

    [Fact]
    public async Task Without_a_notification_service_the_agent_prints_like_listen_and_says_so_once()
    {
        using var bus = await PrivateSessionBus.StartAsync(); // a bus where nobody owns org.freedesktop.Notifications
        using var serve = ServeProcess.StartIn(_state, "HOSTB", "LAB", "--log-level", "debug");
        using var agent = ChildProcess.Messngr(new Dictionary<string, string> { ["DBUS_SESSION_BUS_ADDRESS"] = bus.Address }, "agent", "--state-dir", _state);
        serve.WaitForLog("listen stream for uid 0 opened", SafetyNet);

        Smbclient(serve, "first \u001b]0;title\u0007one");
        Smbclient(serve, "second");
        agent.WaitFor(a => a.Output.Contains("second", StringComparison.Ordinal), "both printed");

        Assert.Contains("From alice to HOSTB at ", agent.Output, StringComparison.Ordinal);
        Assert.Contains("first one", agent.Output, StringComparison.Ordinal);
        Assert.DoesNotContain('\u001b', agent.Output);
        Assert.Equal(
            "messngr agent: no notification service (no notification service on the session bus (nobody owns org.freedesktop.Notifications)); printing messages here instead until one appears",
            agent.Error);
        Assert.Equal(0, agent.Stop());
    }
}
