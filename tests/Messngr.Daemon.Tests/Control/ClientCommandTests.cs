using Messngr.Cli;
using Messngr.Cli.Commands;
using Messngr.Daemon.Core;

namespace Messngr.Daemon.Tests.Control;

/// <summary>The client commands run in-process against a <see cref="ControlServerFixture"/>, output captured.</summary>
public sealed class ClientCommandTests
{
    private static CancellationToken Timeout() => new CancellationTokenSource(TimeSpan.FromSeconds(10)).Token;

    [Fact]
    public async Task Name_lists_a_net_name_table()
    {
        await using var f = await ControlServerFixture.StartAsync();
        var code = await NameCommand.RunAsync(f.StateDirArgs(), f.Context(out var output, out var error), Timeout());
        Assert.Equal(0, code);
        Assert.Equal(string.Empty, error.ToString());
        var lines = output.ToString().Split('\n');
        Assert.Equal("Name           Type       State                        Owner", lines[0]);
        Assert.Equal(new string('-', 60), lines[1]);
        Assert.Equal("HOSTB<00>      computer   registered                   -", lines[2]);
        Assert.Equal("LAB<00>        workgroup  registered                   -", lines[4]);
        Assert.Equal("ROOTALIAS<03>  alias      conflict (held by 10.0.0.9)  root", lines[5]);
    }

    [Fact]
    public async Task Name_json_is_an_array_of_name_objects()
    {
        await using var f = await ControlServerFixture.StartAsync();
        Assert.Equal(0, await NameCommand.RunAsync(f.StateDirArgs("--json"), f.Context(out var output, out _), Timeout()));
        using var json = System.Text.Json.JsonDocument.Parse(output.ToString());
        Assert.Equal(4, json.RootElement.GetArrayLength());
        var alias = json.RootElement[3];
        Assert.Equal("ROOTALIAS", alias.GetProperty("name").GetString());
        Assert.Equal("conflict", alias.GetProperty("state").GetString());
        Assert.Equal(0u, alias.GetProperty("ownerUid").GetUInt32());
    }

    [Theory]
    [InlineData("alice", "/add")]
    [InlineData("/ADD", "alice")]
    [InlineData("--add", "alice")]
    public async Task Name_adds_in_windows_and_posix_syntax(string first, string second)
    {
        await using var f = await ControlServerFixture.StartAsync();
        var code = await NameCommand.RunAsync(f.StateDirArgs(first, second), f.Context(out var output, out _), Timeout());
        Assert.Equal(0, code);
        Assert.Equal("The message alias ALICE was added.\n", output.ToString());
        Assert.Contains(("add alice", ControlServerFixture.OwnUid()), f.Daemon.Calls);
    }

    [Theory]
    [InlineData("ROOTALIAS", "/delete")]
    [InlineData("rootalias", "/del")]
    [InlineData("--delete", "ROOTALIAS")]
    public async Task Name_deletes_in_windows_and_posix_syntax(string first, string second)
    {
        await using var f = await ControlServerFixture.StartAsync();
        Assert.Equal(0, await NameCommand.RunAsync(f.StateDirArgs(first, second), f.Context(out var output, out _), Timeout()));
        Assert.EndsWith("was deleted.\n", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Name_errors_from_the_daemon_go_to_stderr_with_their_exit_code()
    {
        await using var f = await ControlServerFixture.StartAsync();
        Assert.Equal(65, await NameCommand.RunAsync(f.StateDirArgs("HOSTB", "/add"), f.Context(out var output, out var error), Timeout()));
        Assert.Equal(string.Empty, output.ToString());
        Assert.Equal("messngr name: HOSTB is already a name of this node\n", error.ToString());

        Assert.Equal(77, await NameCommand.RunAsync(f.StateDirArgs("HOSTB", "/delete"), f.Context(out _, out error), Timeout()));
        Assert.Equal("messngr name: HOSTB is the computer name and cannot be deleted\n", error.ToString());
    }

    [Theory]
    [InlineData("alice")]
    [InlineData("/add")]
    [InlineData("alice", "/add", "/delete")]
    [InlineData("alice", "/rename")]
    [InlineData("alice", "bob", "/add")]
    [InlineData("--add", "alice", "bob")]
    [InlineData("--json", "alice", "/add")]
    [InlineData("--frobnicate")]
    public async Task Name_rejects_a_command_line_it_cannot_understand(params string[] args)
    {
        await using var f = await ControlServerFixture.StartAsync();
        await Assert.ThrowsAsync<UsageException>(() => NameCommand.RunAsync(f.StateDirArgs(args), f.Context(out _, out _), Timeout()));
        Assert.Empty(f.Daemon.Calls);
    }

    [Theory]
    [InlineData("name", "messngr name NAME /add")]
    [InlineData("history", "--limit N")]
    [InlineData("listen", "JSON lines")]
    [InlineData("status", "counters")]
    public async Task Every_client_command_explains_itself_its_state_dir_and_its_exit_codes(string command, string mentions)
    {
        var f = new ControlServerFixtureless();
        string[] help = ["--help"];
        var code = command switch
        {
            "name" => await NameCommand.RunAsync(help, f.Context, Timeout()),
            "history" => await HistoryCommand.RunAsync(help, f.Context, Timeout()),
            "listen" => await ListenCommand.RunAsync(help, f.Context, Timeout()),
            _ => await StatusCommand.RunAsync(help, f.Context, Timeout()),
        };
        Assert.Equal(0, code);
        var text = f.Output.ToString();
        Assert.StartsWith($"usage: messngr {command}", text, StringComparison.Ordinal);
        Assert.Contains(mentions, text, StringComparison.Ordinal);
        Assert.Contains("  --state-dir DIR  ", text, StringComparison.Ordinal);
        Assert.Contains("\n\nexit codes: 0 ", text, StringComparison.Ordinal);
        Assert.Contains("69 daemon not running", System.Text.RegularExpressions.Regex.Replace(text, @"\s+", " "), StringComparison.Ordinal);
    }

    [Fact]
    public async Task History_prints_one_block_per_message_with_escape_sequences_removed()
    {
        await using var f = await ControlServerFixture.StartAsync();
        f.Daemon.AddHistory(FakeDaemonControl.Message(1, "alice", "HOSTB", "lunch?", MessageTransport.Smb, secondsAgo: 60));
        f.Daemon.AddHistory(FakeDaemonControl.Message(2, "ev\u001b[31mil", "HOSTB", "line one\n\u001b]0;pwned\u0007line\u0008 two\u202e", MessageTransport.Mailslot));

        Assert.Equal(0, await HistoryCommand.RunAsync(f.StateDirArgs(), f.Context(out var output, out _), Timeout()));
        var expectedFirst = LocalTime(new DateTimeOffset(2026, 1, 2, 10, 11, 12, TimeSpan.Zero));
        var expectedSecond = LocalTime(new DateTimeOffset(2026, 1, 2, 10, 10, 12, TimeSpan.Zero));
        Assert.Equal(
            $"From evil to HOSTB at {expectedFirst}, via mailslot from 10.0.0.2 (unverified)\nline one\nline two\n" +
            $"\nFrom alice to HOSTB at {expectedSecond}, via smb from 10.0.0.2 (unverified)\nlunch?\n",
            output.ToString());
        Assert.Equal(20, f.Daemon.LastHistoryLimit);
    }

    [Fact]
    public async Task History_text_shows_a_priority_only_when_not_normal_and_a_verified_senders_node_and_user()
    {
        await using var f = await ControlServerFixture.StartAsync();
        var plain = FakeDaemonControl.Message(1, "alice", "HOSTB", "plain");
        var urgent = FakeDaemonControl.Message(2, "bob", "HOSTB", "urgent");
        f.Daemon.AddHistory(plain);
        f.Daemon.AddHistory(urgent with
        {
            Message = urgent.Message with
            {
                Transport = MessageTransport.Native,
                Priority = Priority.Critical,
                Sender = new SenderIdentity.Native("P56IOI7-MZJNU2Y", "bob\u001b[2J"),
            },
        });

        Assert.Equal(0, await HistoryCommand.RunAsync(f.StateDirArgs(), f.Context(out var output, out _), Timeout()));
        var blocks = output.ToString().Split("\n\n");
        Assert.EndsWith("via native from 10.0.0.2 (verified: node P56IOI7-MZJNU2Y, user bob), priority critical\nurgent", blocks[0], StringComparison.Ordinal);
        Assert.EndsWith("via smb from 10.0.0.2 (unverified)\nplain\n", blocks[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task History_all_asks_the_daemon_for_replaced_messages_too_and_marks_them()
    {
        await using var f = await ControlServerFixture.StartAsync();
        var old = FakeDaemonControl.Message(1, "bob", "HOSTB", "disk 90%");
        var newer = FakeDaemonControl.Message(2, "bob", "HOSTB", "disk 95%");
        f.Daemon.AddHistory(old with { Message = old.Message with { SupersededBy = newer.Message.MessageId } });
        f.Daemon.AddHistory(newer);

        Assert.Equal(0, await HistoryCommand.RunAsync(f.StateDirArgs(), f.Context(out var current, out _), Timeout()));
        Assert.False(f.Daemon.LastHistoryAll);
        Assert.DoesNotContain("disk 90%", current.ToString(), StringComparison.Ordinal);

        Assert.Equal(0, await HistoryCommand.RunAsync(f.StateDirArgs("--all"), f.Context(out var all, out _), Timeout()));
        Assert.True(f.Daemon.LastHistoryAll);
        Assert.Contains("(unverified), replaced by a later message\ndisk 90%", all.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task History_json_is_one_array_with_the_issue_fields_and_the_raw_text_escaped()
    {
        await using var f = await ControlServerFixture.StartAsync();
        f.Daemon.AddHistory(FakeDaemonControl.Message(1, "alice", "HOSTB", "old"));
        f.Daemon.AddHistory(FakeDaemonControl.Message(2, "bob", "HOSTB", "caf\u00e9 \u001b[2J", MessageTransport.Rpc));

        Assert.Equal(0, await HistoryCommand.RunAsync(f.StateDirArgs("--json", "--limit", "5"), f.Context(out var output, out _), Timeout()));
        Assert.Equal(5, f.Daemon.LastHistoryLimit);
        var text = output.ToString();
        Assert.DoesNotContain("\u001b", text, StringComparison.Ordinal);
        Assert.Contains("caf\u00e9 \\u001B[2J", text, StringComparison.Ordinal);
        using var json = System.Text.Json.JsonDocument.Parse(text);
        var newest = json.RootElement[0];
        foreach (var field in (string[])["id", "from", "to", "text", "transport", "authenticated", "sourceAddress", "receivedAt", "seq", "priority", "verified", "senderNode", "senderUser", "expiresAt", "correlationKey", "replyTo", "supersededBy"])
        {
            Assert.True(newest.TryGetProperty(field, out _), field);
        }

        // Issue #13, item 1: id is the message id (UUIDv7 text), seq the daemon's row number.
        Assert.True(MessageId.TryParse(newest.GetProperty("id").GetString(), out var id, out _));
        Assert.Equal(id.ToString(), newest.GetProperty("id").GetString());
        Assert.Equal(2, newest.GetProperty("seq").GetInt64());
        Assert.Equal("normal", newest.GetProperty("priority").GetString());
        Assert.False(newest.GetProperty("verified").GetBoolean());
        foreach (var absent in (string[])["senderNode", "senderUser", "expiresAt", "correlationKey", "replyTo", "supersededBy"])
        {
            Assert.Equal(System.Text.Json.JsonValueKind.Null, newest.GetProperty(absent).ValueKind);
        }

        Assert.Equal("rpc", newest.GetProperty("transport").GetString());
        Assert.False(newest.GetProperty("authenticated").GetBoolean());
        Assert.Equal("2026-01-02T10:11:12+00:00", newest.GetProperty("receivedAt").GetString());
    }

    [Theory]
    [InlineData("0")]
    [InlineData("1001")]
    [InlineData("many")]
    public async Task History_limit_must_be_a_count(string limit)
    {
        await using var f = await ControlServerFixture.StartAsync();
        var ex = await Assert.ThrowsAsync<UsageException>(() => HistoryCommand.RunAsync(f.StateDirArgs("--limit", limit), f.Context(out _, out _), Timeout()));
        Assert.Contains("--limit needs a number from 1 to 1000", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Listen_prints_messages_as_they_arrive_and_ends_with_0_on_ctrl_c()
    {
        await using var f = await ControlServerFixture.StartAsync();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var output = new SynchronizedWriter();
        var context = f.Context(out _, out var error) with { Out = output };
        var run = ListenCommand.RunAsync(f.StateDirArgs("--json"), context, stop.Token);
        await ControlServerFixture.WaitUntilAsync(() => f.Daemon.Subscribers == 1);

        f.Daemon.Publish(FakeDaemonControl.Message(5, "alice", "HOSTB", "one"));
        f.Daemon.Publish(FakeDaemonControl.Message(6, "bob", "LAB", "two"));
        await ControlServerFixture.WaitUntilAsync(() => output.Text.Split('\n').Length == 3);
        await stop.CancelAsync();

        Assert.Equal(0, await run.WaitAsync(TimeSpan.FromSeconds(10)));
        var lines = output.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Matches("^\\{\"id\":\"[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}\",\"from\":\"alice\",\"to\":\"HOSTB\",\"text\":\"one\",\"transport\":\"smb\"", lines[0]);
        Assert.Contains("\"seq\":5,\"priority\":\"normal\",\"verified\":false,\"senderNode\":null", lines[0], StringComparison.Ordinal);
        Assert.Contains("\"seq\":6,", lines[1], StringComparison.Ordinal);
        Assert.Equal(string.Empty, error.ToString());
    }

    [Fact]
    public async Task Listen_says_so_and_exits_69_when_the_daemon_stops()
    {
        var f = await ControlServerFixture.StartAsync();
        try
        {
            var output = new SynchronizedWriter();
            var context = f.Context(out _, out var error) with { Out = output };
            var run = ListenCommand.RunAsync(f.StateDirArgs(), context, Timeout());
            await ControlServerFixture.WaitUntilAsync(() => f.Daemon.Subscribers == 1);
            f.Daemon.Publish(FakeDaemonControl.Message(5, "alice", "HOSTB", "bye"));
            await ControlServerFixture.WaitUntilAsync(() => output.Text.Contains("bye", StringComparison.Ordinal));
            await f.Server.StopAsync(Timeout());

            Assert.Equal(69, await run.WaitAsync(TimeSpan.FromSeconds(10)));
            Assert.StartsWith("From alice to HOSTB at ", output.Text, StringComparison.Ordinal);
            Assert.Contains("ended the stream", error.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            await f.DisposeAsync();
        }
    }

    [Fact]
    public async Task Status_shows_names_listeners_and_counters()
    {
        await using var f = await ControlServerFixture.StartAsync();
        Assert.Equal(0, await StatusCommand.RunAsync(f.StateDirArgs(), f.Context(out var output, out _), Timeout()));
        var text = output.ToString();
        Assert.Matches(@"^messngr HOSTB in workgroup LAB, running since \d{4}-\d\d-\d\d \d\d:\d\d:\d\d \(2h 0m\) as user messngr\n", text);
        Assert.Contains("\nListeners\n  name service     udp  0.0.0.0:137  bound\n  session service  tcp  0.0.0.0:139  not running: Permission denied\n", text, StringComparison.Ordinal);
        Assert.Contains("\nCounters\n  accepted         12\n  malformed        1\n  rejected.source  3\n", text, StringComparison.Ordinal);
        Assert.Contains("\nNames\n  Name ", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_says_a_listener_is_in_use_by_another_process_and_names_it()
    {
        await using var f = await ControlServerFixture.StartAsync();
        f.Daemon.Listeners =
        [
            new ListenerStatus("name service", "udp", "0.0.0.0:137", false, "udp port 137 (0.0.0.0:137) is in use by another process: nm\u001b[2Jbd (pid 42)") { State = ListenerState.InUse, Owner = "nm\u001b[2Jbd (pid 42)" },
            new ListenerStatus("session service", "tcp", "0.0.0.0:139", false, "tcp port 139 (0.0.0.0:139) is in use by another process (nmbd, smbd or another messngr?)") { State = ListenerState.InUse },
            new ListenerStatus("rpc", "udp", "0.0.0.0:135", true, null) { State = ListenerState.Bound },
        ];
        f.Daemon.StateDirectory = "/var/lib/messngr";

        Assert.Equal(0, await StatusCommand.RunAsync(f.StateDirArgs(), f.Context(out var output, out _), Timeout()));
        var text = output.ToString();
        Assert.Contains("\nState directory /var/lib/messngr\n", text, StringComparison.Ordinal);
        Assert.Contains("\nListeners\n  name service     udp  0.0.0.0:137  in use by another process (nmbd (pid 42))\n  session service  tcp  0.0.0.0:139  in use by another process\n  rpc              udp  0.0.0.0:135  bound\n", text, StringComparison.Ordinal);

        Assert.Equal(0, await StatusCommand.RunAsync(f.StateDirArgs("--json"), f.Context(out var json, out _), Timeout()));
        using var document = System.Text.Json.JsonDocument.Parse(json.ToString());
        var listener = document.RootElement.GetProperty("listeners")[0];
        Assert.Equal("in use", listener.GetProperty("state").GetString());
        Assert.Equal("nm\u001b[2Jbd (pid 42)", listener.GetProperty("owner").GetString());
        Assert.Equal("bound", document.RootElement.GetProperty("listeners")[2].GetProperty("state").GetString());
        Assert.Equal("/var/lib/messngr", document.RootElement.GetProperty("stateDirectory").GetString());
    }

    [Fact]
    public async Task A_state_dir_too_long_for_a_socket_path_is_a_configuration_error_naming_the_limit()
    {
        var tooLong = "/tmp/" + new string('d', 100);
        var f = new ControlServerFixtureless();
        Assert.Equal(78, await StatusCommand.RunAsync(["--state-dir", tooLong], f.Context, Timeout()));
        Assert.Equal(78, await HistoryCommand.RunAsync(["--state-dir", tooLong], f.Context, Timeout()));
        var lines = f.Error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.Equal($"messngr status: the state directory {tooLong} (from --state-dir) is too long: its control socket {tooLong}/control.sock would need 119 bytes with its NUL, and a Unix socket path holds at most 108 (sun_path, unix(7)); choose a shorter path", lines[0]);
    }

    [Fact]
    public async Task Status_says_when_the_store_is_failing_and_why()
    {
        await using var f = await ControlServerFixture.StartAsync();
        Assert.Equal(0, await StatusCommand.RunAsync(f.StateDirArgs(), f.Context(out var healthy, out _), Timeout()));
        Assert.Contains("\nStore\n  ok\n", healthy.ToString(), StringComparison.Ordinal);

        f.Daemon.StoreHealth = new StoreHealth(false, "the disk is full (SQLite Error 13: 'database or disk is full')", DateTimeOffset.Now.AddMinutes(-5));
        Assert.Equal(0, await StatusCommand.RunAsync(f.StateDirArgs(), f.Context(out var failing, out _), Timeout()));
        Assert.Matches(@"\nStore\n  FAILING since \d{4}-\d\d-\d\d \d\d:\d\d:\d\d: the disk is full \(SQLite Error 13: 'database or disk is full'\)\n", failing.ToString());
        Assert.Equal(0, await StatusCommand.RunAsync(f.StateDirArgs("--json"), f.Context(out var json, out _), Timeout()));
        using var document = System.Text.Json.JsonDocument.Parse(json.ToString());
        Assert.Equal("failing", document.RootElement.GetProperty("storeState").GetString());
        Assert.StartsWith("the disk is full", document.RootElement.GetProperty("storeDetail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_json_is_one_object()
    {
        await using var f = await ControlServerFixture.StartAsync();
        Assert.Equal(0, await StatusCommand.RunAsync(f.StateDirArgs("--json"), f.Context(out var output, out _), Timeout()));
        using var json = System.Text.Json.JsonDocument.Parse(output.ToString());
        Assert.Equal("HOSTB", json.RootElement.GetProperty("netBiosName").GetString());
        Assert.Equal(12, json.RootElement.GetProperty("counters").GetProperty("accepted").GetInt64());
        Assert.False(json.RootElement.GetProperty("listeners")[1].GetProperty("bound").GetBoolean());
    }

    [Fact]
    public async Task Every_client_command_without_a_daemon_exits_69_and_says_how_to_start_one()
    {
        var dir = Directory.CreateTempSubdirectory("messngr-cli-").FullName;
        try
        {
            string[] args = ["--state-dir", dir];
            var f = new ControlServerFixtureless();
            Assert.Equal(69, await NameCommand.RunAsync(args, f.Context, Timeout()));
            Assert.Equal(69, await HistoryCommand.RunAsync(args, f.Context, Timeout()));
            Assert.Equal(69, await ListenCommand.RunAsync(args, f.Context, Timeout()));
            Assert.Equal(69, await StatusCommand.RunAsync(args, f.Context, Timeout()));
            var lines = f.Error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(4, lines.Length);
            Assert.Equal($"messngr status: is 'messngr serve' running? socket {dir}/control.sock not found (use --state-dir DIR for another daemon)", lines[3]);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task The_state_dir_comes_from_MESSNGR_STATE_DIR_when_no_flag_is_given()
    {
        await using var f = await ControlServerFixture.StartAsync();
        var context = f.Context(out var output, out _) with { Environment = new Dictionary<string, string> { ["MESSNGR_STATE_DIR"] = f.StateDirectory } };
        Assert.Equal(0, await StatusCommand.RunAsync(["--json"], context, Timeout()));
        Assert.Contains("\"netBiosName\": \"HOSTB\"", output.ToString(), StringComparison.Ordinal);
    }

    private static string LocalTime(DateTimeOffset when) => when.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A context with captured output and no daemon.</summary>
    private sealed class ControlServerFixtureless
    {
        public StringWriter Output { get; } = new();

        public StringWriter Error { get; } = new();

        public Messngr.Cli.Control.CommandContext Context => new(Output, Error, new Dictionary<string, string>(), IsRoot: false);
    }

    /// <summary>A writer the listen loop fills while the test reads it.</summary>
    private sealed class SynchronizedWriter : StringWriter
    {
        private readonly object _gate = new();

        public string Text
        {
            get
            {
                lock (_gate)
                {
                    return ToString();
                }
            }
        }

        public override Task WriteAsync(string? value)
        {
            lock (_gate)
            {
                Write(value);
            }

            return Task.CompletedTask;
        }
    }
}
