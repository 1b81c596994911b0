using System.Text.Json;
using Messngr.Cli;
using Messngr.Cli.Commands;
using Messngr.Daemon.Options;

namespace Messngr.Daemon.Tests.Options;

/// <summary>
/// Issue #15, item 5: <c>messngr config check</c> lists every problem of the config file, each
/// as <c>FILE:LINE: key 'KEY': value 'VALUE': reason</c>, and exits 0 (valid) or 78.
/// </summary>
public sealed class ConfigCheckCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("messngr-config-check-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string text)
    {
        var path = Path.Combine(_dir, "messngr.conf");
        File.WriteAllText(path, text);
        return path;
    }

    private static (int Code, string Output, string Error) Check(params string[] args) => CheckWith(new Dictionary<string, string>(), args);

    private static (int Code, string Output, string Error) CheckWith(Dictionary<string, string> environment, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = ConfigCommand.Run(["check", .. args], environment, output, error);
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public void A_valid_file_is_OK_with_its_number_of_keys()
    {
        var path = Write("[global]\n  netbios name = HOSTB\n  workgroup = LAB\n  # a comment\n  rate limit = 50\n");

        Assert.Equal((ExitCodes.Ok, $"{path}: 3 keys, OK\n", string.Empty), Check("--config", path));
    }

    [Fact]
    public void Every_problem_is_listed_with_its_line_key_and_value_not_only_the_first()
    {
        var path = Write("""
            [global]
              rate limit = fast
              netbios nam = HOSTB
              workgroup = LAB
              max messages = -1
              workgroup = LAB2
              this line has no equals sign
              frobnicate = 1
              hook timeout = soon
            [printers]
              path = /var/spool
            """);

        var (code, output, _) = Check("--config", path);

        Assert.Equal(ExitCodes.Config, code);
        Assert.Equal(
            [
                $"{path}:2: key 'rate limit': value 'fast': 'fast' is not a rate (packets per second, 1-1000000)",
                $"{path}:3: key 'netbios nam': value 'HOSTB': unknown key; did you mean 'netbios name'?",
                $"{path}:5: key 'max messages': value '-1': '-1' is not a number of messages (0 = no limit) (0-100000000)",
                $"{path}:6: key 'workgroup': value 'LAB2': duplicate key: already set on line 4 (serve uses the last one)",
                $"{path}:7: expected 'key = value', got 'this line has no equals sign'",
                $"{path}:8: key 'frobnicate': value '1': unknown key (messngr serve --help lists every key)",
                $"{path}:9: key 'hook timeout': value 'soon': 'soon' is not a number of seconds (more than 0, at most 86400)",
                $"{path}:11: key 'path': value '/var/spool': section [printers] is not read by messngr: every key belongs in [global]",
            ],
            output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void A_section_header_without_its_bracket_is_reported_and_the_keys_after_it_are_still_checked()
    {
        var path = Write("[global\nrpc port = 70000\n");

        var (code, output, _) = Check("--config", path);

        Assert.Equal(ExitCodes.Config, code);
        Assert.Equal(
            [
                $"{path}:1: section header '[global' lacks ']'",
                $"{path}:2: key 'rpc port': value '70000': '70000' is not a port number (1-65535)",
            ],
            output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void A_user_or_hook_user_that_is_no_account_here_is_a_problem_as_serve_would_stop_on_it()
    {
        var path = Write("user = root\nhook user = nosuchaccount15\n");

        var (code, output, _) = Check("--config", path);

        Assert.Equal(ExitCodes.Config, code);
        Assert.Equal($"{path}:2: key 'hook user': value 'nosuchaccount15': not a known account on this host\n", output);
        Assert.Equal((ExitCodes.Ok, $"{path}: 1 key, OK\n", string.Empty), Check("--config", Write("user = root\n")));
    }

    [Fact]
    public void Json_lists_the_problems_as_objects()
    {
        var path = Write("workgroup = LAB\nlog format = fancy\n");

        var (code, output, _) = Check("--config", path, "--json");

        Assert.Equal(ExitCodes.Config, code);
        using var document = JsonDocument.Parse(output);
        var root = document.RootElement;
        Assert.Equal(path, root.GetProperty("file").GetString());
        Assert.Equal(2, root.GetProperty("keys").GetInt32());
        Assert.False(root.GetProperty("ok").GetBoolean());
        var problem = Assert.Single(root.GetProperty("problems").EnumerateArray());
        Assert.Equal(2, problem.GetProperty("line").GetInt32());
        Assert.Equal("log format", problem.GetProperty("key").GetString());
        Assert.Equal("fancy", problem.GetProperty("value").GetString());
        Assert.Equal("'fancy' is not a log format (auto, journal or plain)", problem.GetProperty("reason").GetString());
    }

    [Fact]
    public void The_file_comes_from_MESSNGR_CONFIG_and_its_values_are_judged_not_the_environment()
    {
        var path = Write("rate limit = fast\n");

        var (code, output, _) = CheckWith(new Dictionary<string, string> { ["MESSNGR_CONFIG"] = path, ["MESSNGR_RATE_LIMIT"] = "10" });

        Assert.Equal(ExitCodes.Config, code);
        Assert.StartsWith($"{path}:1: key 'rate limit': value 'fast': ", output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_file_is_exit_66_and_a_missing_action_a_usage_error()
    {
        var missing = Path.Combine(_dir, "nope.conf");

        var (code, _, error) = Check("--config", missing);

        Assert.Equal(ExitCodes.NoInput, code);
        Assert.Equal($"messngr config check: config file '{missing}' does not exist\n", error);
        Assert.Throws<UsageException>(() => ConfigCommand.Run([], new Dictionary<string, string>(), TextWriter.Null, TextWriter.Null));
    }

    [Fact]
    public void Hook_settings_are_validated_by_serve_even_without_a_hook()
    {
        // Before issue #15 item 5 these were read only when 'hook' was set: a typo waited for the day a hook was added.
        var ex = Assert.Throws<ArgumentException>(() => ServeOptionsLoader.Load(
            new Dictionary<string, string>(), new Dictionary<string, string> { ["HOME"] = "/home/u" }, Write("hook concurrency = lots\n"), isRoot: false));

        Assert.Contains("'hook concurrency': 'lots' is not a number of hooks running at once (1-64)", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("journal", false, true)]
    [InlineData("plain", true, false)]
    [InlineData("auto", true, true)]
    [InlineData("auto", false, false)]
    public void Log_format_journal_or_plain_wins_over_what_the_environment_says(string logFormat, bool underSystemd, bool journal)
    {
        var format = Enum.Parse<ServeLogFormat>(logFormat, ignoreCase: true);
        var environment = underSystemd ? new Dictionary<string, string> { ["INVOCATION_ID"] = "0123456789abcdef" } : [];

        Assert.Equal(journal, ServeLogging.UsesJournalFormat(format, environment));
    }
}
