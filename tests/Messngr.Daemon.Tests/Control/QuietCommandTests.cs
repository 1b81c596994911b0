using Messngr.Cli.Commands;
using Messngr.Daemon.Quiet;
using Microsoft.Extensions.Time.Testing;

namespace Messngr.Daemon.Tests.Control;

/// <summary>
/// Issue #14, item 3: <c>messngr dnd</c> and <c>messngr quiet-hours</c> through the control socket
/// (<c>GET/PUT /v1/quiet</c>) to the caller's own settings file; another uid neither sees nor
/// changes them.
/// </summary>
public sealed class QuietCommandTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-12-07T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture);

    private static CancellationToken Timeout() => new CancellationTokenSource(TimeSpan.FromSeconds(10)).Token;

    private static async Task<ControlServerFixture> StartAsync(FakeTimeProvider? time = null)
    {
        var f = await ControlServerFixture.StartAsync();
        f.Daemon.Quiet = new QuietHours(new QuietSettingsStore(f.StateDirectory), time ?? new FakeTimeProvider(Now), TimeZoneInfo.Utc);
        return f;
    }

    [Fact]
    public async Task Dnd_on_and_off_through_the_cli_change_the_callers_stored_state()
    {
        await using var f = await StartAsync();
        var uid = ControlServerFixture.OwnUid();

        Assert.Equal(0, await DndCommand.RunAsync(f.StateDirArgs("on"), f.Context(out var on, out var error), Timeout()));
        Assert.Equal(string.Empty, error.ToString());
        Assert.Equal(new QuietSettings(true, null, null), new QuietSettingsStore(f.StateDirectory).Get(uid));
        Assert.StartsWith("Do not disturb: on (until 'messngr dnd off')\nQuiet hours: none\nNow: quiet (do not disturb); messages wait", on.ToString(), StringComparison.Ordinal);

        Assert.Equal(0, await DndCommand.RunAsync(f.StateDirArgs("off"), f.Context(out var off, out _), Timeout()));
        Assert.Equal(QuietSettings.None, new QuietSettingsStore(f.StateDirectory).Get(uid));
        Assert.Equal("Do not disturb: off\nQuiet hours: none\nNow: messages are shown at once\n", off.ToString());
    }

    [Fact]
    public async Task Dnd_until_hh_mm_is_stored_as_the_next_such_time_and_ends_by_itself()
    {
        var time = new FakeTimeProvider(Now);
        await using var f = await StartAsync(time);

        Assert.Equal(0, await DndCommand.RunAsync(f.StateDirArgs("until", "18:00", "--json"), f.Context(out var json, out _), Timeout()));
        Assert.Contains("\"dnd\": \"until\"", json.ToString(), StringComparison.Ordinal);
        Assert.Contains("\"dndUntil\": \"2026-12-07T18:00:00+00:00\"", json.ToString(), StringComparison.Ordinal);
        Assert.Contains("\"quiet\": true", json.ToString(), StringComparison.Ordinal);

        time.Advance(TimeSpan.FromHours(8));
        Assert.Equal(0, await DndCommand.RunAsync(f.StateDirArgs("status", "--json"), f.Context(out var later, out _), Timeout()));
        Assert.Contains("\"quiet\": false", later.ToString(), StringComparison.Ordinal);
        Assert.Contains("\"dnd\": \"off\"", later.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dnd_until_a_time_that_has_passed_exits_65_and_changes_nothing()
    {
        await using var f = await StartAsync();

        Assert.Equal(65, await DndCommand.RunAsync(f.StateDirArgs("until", "2026-12-07T09:00Z"), f.Context(out _, out var error), Timeout()));

        Assert.Contains("messngr dnd: 2026-12-07 09:00 +00:00 has already passed", error.ToString(), StringComparison.Ordinal);
        Assert.False(File.Exists(new QuietSettingsStore(f.StateDirectory).PathOf(ControlServerFixture.OwnUid())));
    }

    [Fact]
    public async Task Quiet_hours_are_set_shown_and_removed_and_keep_dnd_as_it_was()
    {
        await using var f = await StartAsync();
        var uid = ControlServerFixture.OwnUid();
        Assert.Equal(0, await DndCommand.RunAsync(f.StateDirArgs("on"), f.Context(out _, out _), Timeout()));

        Assert.Equal(0, await QuietHoursCommand.RunAsync(f.StateDirArgs("22:00-07:00"), f.Context(out var set, out _), Timeout()));
        Assert.Equal(new QuietSettings(true, null, new QuietWindow(new TimeOnly(22, 0), new TimeOnly(7, 0))), new QuietSettingsStore(f.StateDirectory).Get(uid));
        Assert.Contains("Quiet hours: 22:00-07:00 every day (UTC time)\n", set.ToString(), StringComparison.Ordinal);

        Assert.Equal(0, await QuietHoursCommand.RunAsync(f.StateDirArgs("off"), f.Context(out _, out _), Timeout()));
        Assert.Equal(new QuietSettings(true, null, null), new QuietSettingsStore(f.StateDirectory).Get(uid));
    }

    [Theory]
    [InlineData("dnd", "sometimes")]
    [InlineData("dnd", "until")]
    [InlineData("dnd", "on", "now")]
    [InlineData("quiet-hours", "22:00")]
    [InlineData("quiet-hours", "22:00-22:00")]
    public async Task A_command_line_it_cannot_understand_is_a_usage_error(string command, params string[] args)
    {
        await using var f = await StartAsync();
        await Assert.ThrowsAsync<Messngr.Cli.UsageException>(() => command == "dnd"
            ? DndCommand.RunAsync(f.StateDirArgs(args), f.Context(out _, out _), Timeout())
            : QuietHoursCommand.RunAsync(f.StateDirArgs(args), f.Context(out _, out _), Timeout()));
    }

    [Fact]
    public async Task Another_uid_can_neither_read_nor_change_my_quiet_state()
    {
        Assert.True(ControlServerFixture.OwnUid() == 0, "this test drops to uid 65534 and needs root (CI runs as root)");
        await using var f = await StartAsync();
        File.SetUnixFileMode(f.StateDirectory, (UnixFileMode)0b111_101_101);
        Assert.Equal(0, await DndCommand.RunAsync(f.StateDirArgs("on"), f.Context(out _, out _), Timeout()));
        Assert.Equal(0, await QuietHoursCommand.RunAsync(f.StateDirArgs("22:00-07:00"), f.Context(out _, out _), Timeout()));

        var answers = await NobodyClient.RunAsync(f.Server.SocketPath,
            "GET /v1/quiet",
            "PUT /v1/quiet|{\"dnd\":\"off\",\"quietHours\":\"off\"}",
            "PUT /v1/quiet?uid=0|{\"dnd\":\"off\"}");

        // Nobody sees its own settings (none), never root's; its changes land in its own file.
        Assert.StartsWith("200 ", answers[0], StringComparison.Ordinal);
        Assert.Contains("\"dnd\":\"off\"", answers[0], StringComparison.Ordinal);
        Assert.Contains("\"quietHours\":null", answers[0], StringComparison.Ordinal);
        Assert.StartsWith("200 ", answers[1], StringComparison.Ordinal);
        Assert.StartsWith("200 ", answers[2], StringComparison.Ordinal);
        var store = new QuietSettingsStore(f.StateDirectory);
        Assert.Equal(new QuietSettings(true, null, new QuietWindow(new TimeOnly(22, 0), new TimeOnly(7, 0))), store.Get(0));
        Assert.Equal(QuietSettings.None, store.Get(65534));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(store.PathOf(0)));
    }

    [Theory]
    [InlineData("dnd", "until TIME")]
    [InlineData("quiet-hours", "across")]
    public async Task Both_commands_explain_themselves_and_exit_69_without_a_daemon(string command, string mentions)
    {
        var dir = Directory.CreateTempSubdirectory("messngr-cli-").FullName;
        try
        {
            var context = new Messngr.Cli.Control.CommandContext(new StringWriter(), new StringWriter(), new Dictionary<string, string>(), IsRoot: false);
            Func<string[], Task<int>> run = command == "dnd"
                ? args => DndCommand.RunAsync(args, context, Timeout())
                : args => QuietHoursCommand.RunAsync(args, context, Timeout());

            Assert.Equal(0, await run(["--help"]));
            Assert.Equal(69, await run(["--state-dir", dir]));

            var help = context.Out.ToString()!;
            Assert.StartsWith($"usage: messngr {command}", help, StringComparison.Ordinal);
            Assert.Contains(mentions, help, StringComparison.Ordinal);
            Assert.Contains("65 refused by the daemon", System.Text.RegularExpressions.Regex.Replace(help, @"\s+", " "), StringComparison.Ordinal);
            Assert.StartsWith($"messngr {command}: is 'messngr serve' running?", context.Error.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
