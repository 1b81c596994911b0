using System.Text.Json;
using Messngr.Cli.Commands;
using Messngr.Cli.Control;

namespace Messngr.Daemon.Tests.Control;

/// <summary>
/// Issue #12, item 13: with --json every ending is JSON: usage errors (no recipient, an unknown
/// option, a bad --timeout) and an unreadable @FILE print <c>{"error": "...", "exitCode": N}</c>
/// on standard output, with the same exit code, and the same words on standard error.
/// </summary>
public sealed class JsonErrorTests
{
    [Theory]
    [InlineData("send", "--json")]
    [InlineData("send", "HOSTC", "--json", "--frobnicate", "hi")]
    [InlineData("send", "--json", "--timeout", "0", "HOSTC", "hi")]
    [InlineData("status", "--json", "--frobnicate")]
    [InlineData("status", "--json", "--timeout", "never")]
    [InlineData("history", "--json", "--limit", "0")]
    [InlineData("listen", "--json", "extra")]
    [InlineData("name", "--json", "alice", "/add")]
    [InlineData("lookup", "--json")]
    [InlineData("lookup", "--json", "--timeout", "-3", "HOSTB")]
    public async Task A_usage_error_with_json_is_an_error_object_on_stdout_and_exit_64(params string[] args)
    {
        var (code, output, error) = await MessngrProcess.RunAsync(args);
        Assert.Equal(64, code);
        using var json = JsonDocument.Parse(output);
        Assert.Equal(64, json.RootElement.GetProperty("exitCode").GetInt32());
        var message = json.RootElement.GetProperty("error").GetString();
        Assert.StartsWith($"messngr: {args[0]}: ", message, StringComparison.Ordinal);
        Assert.Equal(message + "\n", error);
    }

    [Fact]
    public async Task Without_json_a_usage_error_prints_nothing_on_stdout()
    {
        var (code, output, error) = await MessngrProcess.RunAsync("status", "--frobnicate");
        Assert.Equal(64, code);
        Assert.Equal(string.Empty, output);
        Assert.StartsWith("messngr: status: unknown option --frobnicate", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreadable_recipient_list_with_json_is_an_error_object_and_exit_66()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await SendCommand.RunAsync(["--json", "--config", "/dev/null", "@/nonexistent/list", "hi"], new CommandContext(output, error, new Dictionary<string, string>(), false),
            () => TextReader.Null, inputRedirected: true, CancellationToken.None);
        Assert.Equal(66, code);
        using var json = JsonDocument.Parse(output.ToString());
        Assert.Equal(66, json.RootElement.GetProperty("exitCode").GetInt32());
        Assert.StartsWith("messngr send: cannot read the recipient list /nonexistent/list", json.RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_daemon_with_json_is_an_error_object_and_exit_69()
    {
        var dir = Directory.CreateTempSubdirectory("messngr-none-").FullName;
        try
        {
            using var output = new StringWriter();
            using var error = new StringWriter();
            var code = await StatusCommand.RunAsync(["--json", "--state-dir", dir], new CommandContext(output, error, new Dictionary<string, string>(), false), CancellationToken.None);
            Assert.Equal(69, code);
            using var json = JsonDocument.Parse(output.ToString());
            Assert.Equal(69, json.RootElement.GetProperty("exitCode").GetInt32());
            Assert.Equal(error.ToString(), json.RootElement.GetProperty("error").GetString() + "\n");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
