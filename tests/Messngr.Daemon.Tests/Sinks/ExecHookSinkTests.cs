using System.Diagnostics;
using Messngr.Daemon.Sinks;
using Messngr.Daemon.Tests.Users;
using Messngr.Daemon.Users;
using Microsoft.Extensions.Logging.Abstractions;
using Messngr.Daemon.Core;

namespace Messngr.Daemon.Tests.Sinks;

[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class ExecHookSinkTests : IDisposable
{
    // Dumps the fields, the text file's mode, its own argv and environment, and a copy of the text.
    private const string DumpScript = """
        #!/bin/sh
        out="$1"
        {
          printf 'FROM=%s\n' "$MESSNGR_FROM"
          printf 'TO=%s\n' "$MESSNGR_TO"
          printf 'TRANSPORT=%s\n' "$MESSNGR_TRANSPORT"
          printf 'SOURCE=%s\n' "$MESSNGR_SOURCE_ADDRESS"
          printf 'AT=%s\n' "$MESSNGR_RECEIVED_AT"
          printf 'AUTH=%s\n' "$MESSNGR_AUTHENTICATED"
          printf 'ID=%s\n' "$MESSNGR_MESSAGE_ID"
          printf 'SEQ=%s\n' "$MESSNGR_SEQ"
          printf 'PRIORITY=%s\n' "$MESSNGR_PRIORITY"
          printf 'VERIFIED=%s\n' "$MESSNGR_VERIFIED"
          printf 'NODE=%s\n' "${MESSNGR_SENDER_NODE:-none}"
          printf 'USER=%s\n' "${MESSNGR_SENDER_USER:-none}"
          printf 'FILE=%s\n' "$MESSNGR_TEXT_FILE"
          printf 'MODE=%s\n' "$(stat -c %a "$MESSNGR_TEXT_FILE")"
          printf 'OWNER=%s\n' "$(stat -c %U "$MESSNGR_TEXT_FILE")"
          printf 'UID=%s\n' "$(id -u)"
          printf 'ARGC=%s\n' "$#"
          printf 'ARG2=%s\n' "$2"
          printf 'LEAK=%s\n' "${MESSNGR_TEST_SECRET:-none}"
        } > "$out.env"
        cat "$MESSNGR_TEXT_FILE" > "$out.text"
        echo "hook says hi"
        """;

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Script(string name, string body)
    {
        var path = _dir.File(name);
        File.WriteAllText(path, body.Replace("\r\n", "\n", StringComparison.Ordinal) + "\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        return path;
    }

    private static ExecHookSink Sink(ExecHookOptions options, ListenerCounters? counters = null) =>
        new(options, new UserAccounts(), NullLogger.Instance, counters);

    private static Dictionary<string, string> ReadEnv(string path) =>
        File.ReadAllLines(path).Select(l => l.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);

    [Fact]
    public async Task The_hook_gets_the_fields_in_its_environment_and_the_text_in_a_0600_file_that_is_removed_afterwards()
    {
        var script = Script("dump.sh", DumpScript);
        var output = _dir.File("out");
        Environment.SetEnvironmentVariable("MESSNGR_TEST_SECRET", "daemon-only");
        var sink = Sink(new ExecHookOptions { Command = HookCommandLine.Split($"{script} '{output}' \"two words\"") });
        var message = TestMessages.Message("first line\nsecond line", from: "AL\u001b[31mICE\n", to: "HOSTB") with { Id = 42 };

        await sink.DeliverAsync(message, CancellationToken.None);
        await sink.DisposeAsync();

        var env = ReadEnv(output + ".env");
        Assert.Equal("ALICE", env["FROM"]);
        Assert.Equal("HOSTB", env["TO"]);
        Assert.Equal("smb", env["TRANSPORT"]);
        Assert.Equal("192.0.2.7", env["SOURCE"]);
        Assert.Equal(TestMessages.At, DateTimeOffset.Parse(env["AT"], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("no", env["AUTH"]);
        Assert.Equal(message.MessageId.ToString(), env["ID"]); // the UUIDv7 that history --json and messngr read use
        Assert.Equal("42", env["SEQ"]);
        Assert.Equal("normal", env["PRIORITY"]);
        Assert.Equal("no", env["VERIFIED"]);
        Assert.Equal("none", env["NODE"]);
        Assert.Equal("none", env["USER"]);
        Assert.Equal("600", env["MODE"]);
        Assert.Equal("2", env["ARGC"]);
        Assert.Equal("two words", env["ARG2"]);
        Assert.Equal("none", env["LEAK"]);
        Assert.Equal("first line\nsecond line", File.ReadAllText(output + ".text"));
        Assert.False(File.Exists(env["FILE"]));
        Assert.Equal(1, sink.Exited);
    }

    [Fact]
    public async Task A_native_message_gives_the_hook_its_verified_sender_node_user_and_priority()
    {
        var script = Script("dump.sh", DumpScript);
        var output = _dir.File("out");
        var sink = Sink(new ExecHookOptions { Command = [script, output] });
        var message = TestMessages.Message("UPS on battery", from: "ops", to: "HOSTB") with
        {
            Sender = new SenderIdentity.Native("P56IOI7-MZJNU2Y-IQGDREY-DM2MGTI-MGL3BXN-PQ6W5BM-TBBZ4TJ-XZWICQ2", "ops\u001b[2J"),
            Priority = Priority.Critical,
        };

        await sink.DeliverAsync(message, CancellationToken.None);
        await sink.DisposeAsync();

        var env = ReadEnv(output + ".env");
        Assert.Equal("yes", env["VERIFIED"]);
        Assert.Equal("P56IOI7-MZJNU2Y-IQGDREY-DM2MGTI-MGL3BXN-PQ6W5BM-TBBZ4TJ-XZWICQ2", env["NODE"]);
        Assert.Equal("ops", env["USER"]); // escape sequences removed, as for MESSNGR_FROM
        Assert.Equal("critical", env["PRIORITY"]);
        Assert.Equal(message.MessageId.ToString(), env["ID"]);
    }

    [Fact]
    public async Task A_sealed_message_reaches_the_hook_as_its_envelope_never_its_text()
    {
        var script = Script("dump.sh", DumpScript);
        var output = _dir.File("out");
        var sink = Sink(new ExecHookOptions { Command = HookCommandLine.Split($"{script} '{output}'") });
        var message = TestMessages.Message("the secret plan") with { Sealed = true };

        await sink.DeliverAsync(message, CancellationToken.None);
        await sink.DisposeAsync();

        Assert.Equal($"sealed message: open it with 'messngr read {message.MessageId}'", File.ReadAllText(output + ".text"));
    }

    [Fact]
    public async Task Shell_syntax_in_the_message_is_passed_literally_and_never_executed()
    {
        var script = Script("dump.sh", DumpScript);
        var output = _dir.File("out");
        var canary = _dir.File("pwned");
        var text = $"$(touch {canary}) `touch {canary}` '; rm -rf /' \"; touch {canary}\"";
        var sink = Sink(new ExecHookOptions { Command = [script, output] });

        await sink.DeliverAsync(TestMessages.Message(text, from: $"$(touch {canary})", to: "'; rm -rf /'"), CancellationToken.None);
        await sink.DisposeAsync();

        var env = ReadEnv(output + ".env");
        Assert.Equal($"$(touch {canary})", env["FROM"]);
        Assert.Equal("'; rm -rf /'", env["TO"]);
        Assert.Equal(text, File.ReadAllText(output + ".text"));
        Assert.False(File.Exists(canary));
    }

    [Fact]
    public async Task A_hook_that_runs_too_long_is_killed_at_the_timeout()
    {
        var pidFile = _dir.File("pid");
        var script = Script("sleepy.sh", $"#!/bin/sh\necho $$ > {pidFile}\nexec sleep 30");
        var sink = Sink(new ExecHookOptions { Command = [script], Timeout = TimeSpan.FromMilliseconds(500) });
        var started = Stopwatch.GetTimestamp();

        await sink.DeliverAsync(TestMessages.Message("zzz"), CancellationToken.None);
        await WaitUntil(() => sink.TimedOut == 1, TimeSpan.FromSeconds(10));

        Assert.True(Stopwatch.GetElapsedTime(started) < TimeSpan.FromSeconds(10));
        var pid = File.ReadAllText(pidFile).Trim();
        Assert.False(Directory.Exists("/proc/" + pid));
        await sink.DisposeAsync();
        Assert.Equal(0, sink.Exited);
    }

    [Fact]
    public async Task No_more_than_the_configured_number_of_hooks_run_at_once()
    {
        var running = Directory.CreateDirectory(_dir.File("running")).FullName;
        var log = _dir.File("counts");
        var script = Script("busy.sh", $"#!/bin/sh\ntouch {running}/$$\nls {running} | wc -l >> {log}\nsleep 1\nrm {running}/$$");
        var sink = Sink(new ExecHookOptions { Command = [script], MaxConcurrent = 2 });

        for (var i = 0; i < 6; i++)
        {
            await sink.DeliverAsync(TestMessages.Message("m" + i), CancellationToken.None);
        }

        await sink.DisposeAsync();

        var counts = File.ReadAllLines(log).Select(l => int.Parse(l.Trim(), System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(6, counts.Count);
        Assert.Equal(2, counts.Max());
        Assert.Equal(6, sink.Exited);
    }

    [Fact]
    public async Task When_the_queue_is_full_messages_are_dropped_and_counted()
    {
        var gate = _dir.File("gate");
        var script = Script("wait.sh", $"#!/bin/sh\nwhile [ ! -e {gate} ]; do sleep 0.05; done");
        var counters = new ListenerCounters();
        var sink = Sink(new ExecHookOptions { Command = [script], MaxConcurrent = 1, QueueCapacity = 2 }, counters);

        for (var i = 0; i < 10; i++)
        {
            await sink.DeliverAsync(TestMessages.Message("m" + i), CancellationToken.None);
        }

        File.WriteAllText(gate, string.Empty);
        await sink.DisposeAsync();

        Assert.InRange(sink.Dropped, 7, 8);
        Assert.Equal(10 - sink.Dropped, sink.Exited);
        Assert.Equal(sink.Dropped, counters.Snapshot()["droppedSink.hook"]);
    }

    [Fact]
    public async Task A_missing_program_is_counted_as_failed_and_leaves_no_text_file()
    {
        var temp = Directory.CreateDirectory(_dir.File("tmp")).FullName;
        var sink = Sink(new ExecHookOptions { Command = [_dir.File("does-not-exist")], TempDirectory = temp });

        await sink.DeliverAsync(TestMessages.Message("hi"), CancellationToken.None);
        await sink.DisposeAsync();

        Assert.Equal(1, sink.Failed);
        Assert.Empty(Directory.GetFiles(temp));
    }

    [Fact]
    public async Task As_root_the_hook_runs_as_the_configured_user_and_can_read_its_text_file()
    {
        if (!Environment.IsPrivilegedProcess || new UserAccounts().FindByName("nobody") is not { } nobody)
        {
            return; // needs root and a "nobody" account (setpriv drops to it)
        }

        var outDir = Directory.CreateDirectory(_dir.File("shared")).FullName;
        File.SetUnixFileMode(_dir.Path, (UnixFileMode)0b111_101_101);
        File.SetUnixFileMode(outDir, (UnixFileMode)0b111_111_111);
        var script = Script("dump.sh", DumpScript);
        var output = Path.Combine(outDir, "out");
        var sink = Sink(new ExecHookOptions { Command = [script, output], RunAsUser = "nobody" });

        await sink.DeliverAsync(TestMessages.Message("for nobody"), CancellationToken.None);
        await sink.DisposeAsync();

        var env = ReadEnv(output + ".env");
        Assert.Equal(nobody.Uid.ToString(System.Globalization.CultureInfo.InvariantCulture), env["UID"]);
        Assert.Equal("nobody", env["OWNER"]);
        Assert.Equal("600", env["MODE"]);
        Assert.Equal("for nobody", File.ReadAllText(output + ".text"));
    }

    [Fact]
    public void A_run_as_user_that_does_not_exist_is_a_configuration_error()
    {
        var error = Assert.Throws<ArgumentException>(() => Sink(new ExecHookOptions { Command = ["/bin/true"], RunAsUser = "no-such-user-messngr" }));
        Assert.Contains("no-such-user-messngr", error.Message, StringComparison.Ordinal);
    }

    private static async Task WaitUntil(Func<bool> condition, TimeSpan limit)
    {
        var deadline = Stopwatch.GetTimestamp();
        while (!condition() && Stopwatch.GetElapsedTime(deadline) < limit)
        {
            await Task.Delay(20);
        }
    }
}
