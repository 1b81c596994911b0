using System.Text.Json;
using Messngr.Cli;
using Messngr.Cli.Commands;
using Messngr.Cli.Control;

namespace Messngr.Daemon.Tests.Sending;

/// <summary>
/// <c>messngr send</c>'s command line in-process: Windows and POSIX spellings, text from stdin,
/// @FILE lists, one-line errors and exit codes. Only paths that stop before the network are run.
/// </summary>
public sealed class SendCommandTests : IDisposable
{
    private readonly StringWriter _out = new();
    private readonly StringWriter _error = new();
    private readonly string _list = Path.GetTempFileName();

    public void Dispose()
    {
        File.Delete(_list);
        _out.Dispose();
        _error.Dispose();
    }

    private Task<int> Run(string? stdin, params string[] args) =>
        SendCommand.RunAsync(["--config", "/dev/null", "--netbios-name", "TESTHOST", .. args], new CommandContext(_out, _error, new Dictionary<string, string>(), false),
            () => new StringReader(stdin ?? string.Empty), inputRedirected: true, CancellationToken.None);

    [Fact]
    public void Windows_switches_before_the_text_become_options_and_later_ones_stay_text()
    {
        var parsed = SendArguments.Parse(["/server:HOSTB", "bob", "/TIME:5", "/v", "meet", "me", "/v", "at", "noon"]);
        Assert.Equal("bob", parsed.RecipientText);
        Assert.Equal("meet me /v at noon", parsed.Text);
        Assert.Equal("HOSTB", parsed.Flags["server"]);
        Assert.Equal(TimeSpan.FromSeconds(5), parsed.Timeout);
        Assert.True(parsed.Verbose);
    }

    [Fact]
    public void Msg_w_and_time_become_wait_and_time_and_native_options_parse()
    {
        var parsed = SendArguments.Parse(["/w", "/time:30", "--native", "--priority", "HIGH", "--expire", "2h", "--sealed", "bob", "hi"]);
        Assert.True(parsed.Wait);
        Assert.Equal(TimeSpan.FromSeconds(30), parsed.Time);
        Assert.Equal(TimeSpan.FromSeconds(10), parsed.Timeout); // /time bounds the wait for the read, not the classic timeout
        Assert.Equal(Messngr.Daemon.Sending.SendTransport.Native, parsed.Transport);
        Assert.Equal(("high", (long?)7200, true), (parsed.Priority, parsed.ExpireSeconds, parsed.Sealed));
        Assert.Throws<UsageException>(() => SendArguments.Parse(["--native", "--transport", "smb", "bob", "hi"]).Transport);
    }

    [Fact]
    public void Posix_options_take_their_values_and_dash_means_stdin()
    {
        var parsed = SendArguments.Parse(["--from", "ops", "--transport", "rpc", "--timeout=2.5", "-v", "*", "-"]);
        Assert.Equal(("*", (string?)null), (parsed.RecipientText, parsed.Text));
        Assert.Equal("ops", parsed.Flags["from"]);
        Assert.Equal(Messngr.Daemon.Sending.SendTransport.Rpc, parsed.Transport);
        Assert.Equal(TimeSpan.FromSeconds(2.5), parsed.Timeout);
    }

    [Theory]
    [InlineData("--priority=urgent")]
    [InlineData("--expire=31d")]
    [InlineData("--time=0")]
    [InlineData("--timeout=0")]
    [InlineData("--transport=pigeon")]
    [InlineData("--session-port=70000")]
    public void Bad_switches_are_usage_errors(string arg)
    {
        var ex = Assert.Throws<UsageException>(() =>
        {
            var parsed = SendArguments.Parse([arg, "bob", "hi"]);
            _ = parsed.Timeout;
            _ = parsed.Transport;
            _ = parsed.Port("session-port", 139);
            _ = parsed.Priority;
            _ = parsed.ExpireSeconds;
            _ = parsed.Time;
        });
        Assert.StartsWith("send: ", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Empty_text_from_stdin_is_a_usage_error()
    {
        var ex = await Assert.ThrowsAsync<UsageException>(() => Run("\r\n\n", "bob"));
        Assert.Contains("empty", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_broadcast_text_from_stdin_over_128_characters_exits_65_before_sending()
    {
        Assert.Equal(65, await Run(new string('x', 129) + "\n", "--json", "/domain:LAB"));
        var result = JsonDocument.Parse(_out.ToString()).RootElement[0];
        Assert.Equal("invalid", result.GetProperty("outcome").GetString());
        Assert.Equal(65, result.GetProperty("exitCode").GetInt32());
        Assert.Contains("at most 128 characters", result.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_recipient_list_names_the_bad_line()
    {
        await File.WriteAllTextAsync(_list, "# on call\nbob\n\nTHIS-NAME-IS-TOO-LONG\n");
        var ex = await Assert.ThrowsAsync<UsageException>(() => Run(null, "@" + _list, "hi"));
        Assert.Contains($"{_list}:4:", ex.Message, StringComparison.Ordinal);
        Assert.Contains("longer than 15", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreadable_recipient_list_exits_66()
    {
        Assert.Equal(66, await Run(null, "@/nonexistent/list", "hi"));
        Assert.Contains("cannot read the recipient list", _error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_correlation_key_parses_in_either_place_of_the_options()
    {
        Assert.Equal("deploy-42", SendArguments.Parse(["--correlation-key", "deploy-42", "bob", "hi"]).CorrelationKey);
        Assert.Equal("a:b/c", SendArguments.Parse(["bob", "--correlation-key=a:b/c", "hi"]).CorrelationKey);
        Assert.Null(SendArguments.Parse(["bob", "hi"]).CorrelationKey);
        Assert.Equal("hi --correlation-key k", SendArguments.Parse(["bob", "hi", "--correlation-key", "k"]).Text); // after the text: text
    }

    [Theory]
    [InlineData("")]
    [InlineData("two words")]
    [InlineData("caf\u00e9")]
    [InlineData("\u001b[31mred")]
    [InlineData("\u202eevil")]
    [InlineData("LONG")]
    public async Task A_bad_correlation_key_is_a_usage_error_before_anything_is_sent_whatever_the_transport(string key)
    {
        key = key == "LONG" ? new string('k', 129) : System.Text.RegularExpressions.Regex.Unescape(key);
        // smb: the key would be ignored, yet a bad one is still refused (exit 64) before resolution.
        var ex = await Assert.ThrowsAsync<UsageException>(() => Run(null, "--transport", "smb", "--resolve-order", "lmhosts", "--lmhosts", "/dev/null", "--correlation-key", key, "bob", "hi"));
        Assert.StartsWith("send: --correlation-key: a correlation key ", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\u001b', ex.Message);
        Assert.DoesNotContain('\u202e', ex.Message);
    }

    [Fact]
    public async Task A_from_name_that_cannot_be_a_NetBIOS_name_is_refused()
    {
        var ex = await Assert.ThrowsAsync<UsageException>(() => Run(null, "--from", "a*b", "bob", "hi"));
        Assert.Contains("'*'", ex.Message, StringComparison.Ordinal);
    }
}
