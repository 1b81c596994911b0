using System.Globalization;
using System.Text.Json;
using Messngr.Daemon.Tests.Desktop;
using Messngr.Interop.Tests.Support;

namespace Messngr.Interop.Tests.Desktop;

/// <summary>
/// Issue #14, item 1, with a real notification server from Debian: <c>dunst</c> under <c>Xvfb</c>
/// on a private session bus, <c>dbus-monitor</c> recording the exact Notify, the real
/// <c>messngr agent</c> and <c>messngr serve</c>, and <c>smbclient -M</c> sending. A message appears
/// in dunst with its summary, escaped body and urgency; dunst's own default action
/// (<c>dunstctl action</c>) marks it read and closes it; a message read elsewhere is closed in dunst.
/// </summary>
public sealed class AgentDunstTests : IDisposable
{
    private static readonly TimeSpan SafetyNet = TimeSpan.FromSeconds(60);

    private readonly string _state = Path.Combine(Directory.CreateTempSubdirectory("messngr-agent-dunst-").FullName, "state");

    public void Dispose() => Directory.Delete(Path.GetDirectoryName(_state)!, recursive: true);

    private static Tool.Result Messngr(params string[] args) =>
        Tool.Run("dotnet", [Path.Combine(AppContext.BaseDirectory, "messngr.dll"), .. args]);

    private static void Eventually(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + SafetyNet;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"not within {SafetyNet.TotalSeconds} s: {what}");
            Thread.Sleep(100);
        }
    }

    /// <summary>dunstctl on the private bus: (exit code, output).</summary>
    private static (int Code, string Output) Dunstctl(string bus, params string[] args)
    {
        using var child = ChildProcess.Start("/usr/bin/dunstctl", args, new Dictionary<string, string> { ["DBUS_SESSION_BUS_ADDRESS"] = bus });
        var code = child.WaitForExit();
        return (code, child.Output);
    }

    private static int Count(string bus, string which) =>
        Dunstctl(bus, "count", which) is (0, var output) && int.TryParse(output.Trim(), CultureInfo.InvariantCulture, out var n) ? n : -1;

    /// <summary>A display number no X server uses now.</summary>
    private static int FreeDisplay()
    {
        for (var n = 90 + Environment.ProcessId % 50; n < 400; n++)
        {
            if (!File.Exists($"/tmp/.X{n}-lock") && !File.Exists($"/tmp/.X11-unix/X{n}"))
            {
                return n;
            }
        }

        throw new InvalidOperationException("no free X display number");
    }

    private (long Seq, bool Read) Newest()
    {
        var history = Messngr("history", "--json", "--limit", "1", "--state-dir", _state);
        Assert.True(history.ExitCode == 0, history.Error);
        using var json = JsonDocument.Parse(history.Output);
        var m = json.RootElement[0];
        return (m.GetProperty("seq").GetInt64(), m.GetProperty("readAt").ValueKind != JsonValueKind.Null);
    }

    [Fact]
    public async Task A_message_appears_in_dunst_exactly_is_marked_read_by_dunsts_default_action_and_closed_when_read_elsewhere()
    {
        Assert.True(File.Exists("/usr/bin/Xvfb") && File.Exists("/usr/bin/dunst") && File.Exists("/usr/bin/dbus-monitor"),
            "Xvfb, dunst or dbus-monitor is missing: apt-get install -y xvfb dunst dbus-bin (./test.sh does)");
        using var bus = await PrivateSessionBus.StartAsync();
        var display = FreeDisplay();
        using var xvfb = ChildProcess.Start("/usr/bin/Xvfb", [$":{display}", "-nolisten", "tcp", "-screen", "0", "1024x768x24"], new Dictionary<string, string>());
        xvfb.WaitFor(_ => File.Exists($"/tmp/.X11-unix/X{display}"), "Xvfb's socket");
        var session = new Dictionary<string, string> { ["DBUS_SESSION_BUS_ADDRESS"] = bus.Address, ["DISPLAY"] = $":{display}" };
        using var dunst = ChildProcess.Start("/usr/bin/dunst", [], session);
        Eventually(() => Count(bus.Address, "displayed") == 0, "dunst owns org.freedesktop.Notifications");
        using var monitor = ChildProcess.Start("/usr/bin/dbus-monitor", ["--address", bus.Address, "type='method_call',interface='org.freedesktop.Notifications',member='Notify'"], new Dictionary<string, string>());
        monitor.WaitFor(m => m.Output.Contains("NameAcquired", StringComparison.Ordinal), "dbus-monitor attached");
        using var serve = ServeProcess.StartIn(_state, "HOSTB", "LAB", "--log-level", "debug");
        using var agent = ChildProcess.Messngr(new Dictionary<string, string> { ["DBUS_SESSION_BUS_ADDRESS"] = bus.Address }, "agent", "--state-dir", _state);
        serve.WaitForLog("listen stream for uid 0 opened", SafetyNet);

        var sent = Tool.Run("smbclient", ["-M", "HOSTB", "-I", "127.0.0.1", "-p", serve.Port.Session.ToString(CultureInfo.InvariantCulture), "-U", "alice", "-N"], "hello <b>dunst</b> & co");
        Assert.True(sent.ExitCode == 0, sent.Output + sent.Error);
        Eventually(() => Count(bus.Address, "displayed") == 1, "the message shown by dunst");

        // The exact Notify, as the bus carried it to dunst.
        var call = monitor.Output[monitor.Output.IndexOf("member=Notify", StringComparison.Ordinal)..];
        Assert.Contains("string \"messngr\"\n   uint32 0\n   string \"mail-message-new\"\n   string \"alice (unverified)\"\n   string \"hello &lt;b&gt;dunst&lt;/b&gt; &amp; co\"", call, StringComparison.Ordinal);
        Assert.Contains("string \"urgency\"\n         variant             byte 1", call, StringComparison.Ordinal);
        Assert.Contains("int32 -1", call, StringComparison.Ordinal);

        // dunst's default action (a click): marked read, and closed into dunst's history.
        Assert.Equal(0, Dunstctl(bus.Address, "action", "0").Code);
        Eventually(() => Newest().Read, "read recorded after dunst's default action");
        Eventually(() => Count(bus.Address, "displayed") == 0 && Count(bus.Address, "history") == 1, "closed in dunst");
        using (var history = JsonDocument.Parse(Dunstctl(bus.Address, "history").Output))
        {
            var entry = history.RootElement.GetProperty("data")[0][0];
            Assert.Equal("messngr", entry.GetProperty("appname").GetProperty("data").GetString());
            Assert.Equal("alice (unverified)", entry.GetProperty("summary").GetProperty("data").GetString());
            Assert.Equal("hello &lt;b&gt;dunst&lt;/b&gt; &amp; co", entry.GetProperty("body").GetProperty("data").GetString());
        }

        // Read elsewhere: closed in dunst.
        sent = Tool.Run("smbclient", ["-M", "HOSTB", "-I", "127.0.0.1", "-p", serve.Port.Session.ToString(CultureInfo.InvariantCulture), "-U", "alice", "-N"], "second");
        Assert.True(sent.ExitCode == 0, sent.Output + sent.Error);
        Eventually(() => Count(bus.Address, "displayed") == 1, "the second message shown by dunst");
        var read = Messngr("read", Newest().Seq.ToString(CultureInfo.InvariantCulture), "--state-dir", _state);
        Assert.True(read.ExitCode == 0, read.Error);
        Eventually(() => Count(bus.Address, "displayed") == 0 && Count(bus.Address, "history") == 2, "the second closed in dunst");

        Assert.Equal(0, agent.Stop());
        Assert.Equal(string.Empty, agent.Error);
    }
}
