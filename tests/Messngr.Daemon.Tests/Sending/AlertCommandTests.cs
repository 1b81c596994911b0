using System.Globalization;
using Messngr.Cli;
using Messngr.Cli.Commands;
using Messngr.Cli.Control;
using Messngr.Daemon.Listeners;
using Messngr.Daemon.Tests.Listeners;

namespace Messngr.Daemon.Tests.Sending;

/// <summary>
/// <c>messngr alert</c> (issue #15, item 3): the text goes, as <c>messngr send</c> sends it, to
/// every name of <c>alert names</c> in the config file, or to <c>--to</c>; none or a bad one is 78.
/// A real session listener on loopback answers for HOSTB and HOSTC.
/// </summary>
public sealed class AlertCommandTests : IAsyncLifetime, IDisposable
{
    private readonly ListenerFixture _fixture = new("HOSTB", "LAB", "HOSTC");
    private readonly string _dir = Directory.CreateTempSubdirectory("messngr-alert-test-").FullName;
    private readonly StringWriter _out = new();
    private readonly StringWriter _error = new();
    private SessionListener _listener = null!;

    public Task InitializeAsync()
    {
        _listener = new SessionListener(ListenerFixture.AnyPort, _fixture.Names, _fixture.Pipeline, _fixture.Counters, ListenerFixture.Logger);
        _listener.Start(CancellationToken.None);
        Assert.True(_listener.Status.Bound, _listener.Status.Error);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _listener.DisposeAsync();

    public void Dispose()
    {
        Directory.Delete(_dir, recursive: true);
        _out.Dispose();
        _error.Dispose();
    }

    private string Config(string alertNames)
    {
        var path = Path.Combine(_dir, "messngr.conf");
        File.WriteAllText(path, $"[global]\nalert names = {alertNames}\n");
        return path;
    }

    private Task<int> Alert(string config, params string[] args) =>
        AlertCommand.RunAsync(
            ["--config", config, "--netbios-name", "TESTHOST", "--transport", "smb", "--session-port", _listener.BoundPort.ToString(CultureInfo.InvariantCulture), .. args],
            new CommandContext(_out, _error, new Dictionary<string, string>(), IsRoot: false), () => TextReader.Null, inputRedirected: true, CancellationToken.None)
            .WaitAsync(TimeSpan.FromSeconds(120));

    private async Task<List<string>> ReceivedAsync(int count)
    {
        var got = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var message = await _fixture.NextMessageAsync(30_000);
            Assert.NotNull(message);
            got.Add($"{message.To}:{message.Text}");
        }

        return [.. got.Order(StringComparer.Ordinal)];
    }

    [Fact]
    public async Task An_alert_reaches_every_alert_name_of_the_config_file()
    {
        var code = await Alert(Config("HOSTB@127.0.0.1, HOSTC@127.0.0.1"), "disk", "full");

        Assert.True(code == ExitCodes.Ok, _error.ToString());
        Assert.Equal(["HOSTB:disk full", "HOSTC:disk full"], await ReceivedAsync(2));
        Assert.Contains("HOSTB@127.0.0.1: delivered over smb", _out.ToString(), StringComparison.Ordinal);
        Assert.Contains("HOSTC@127.0.0.1: delivered over smb", _out.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task To_overrides_the_alert_names()
    {
        var code = await Alert(Config("HOSTB@127.0.0.1"), "--to", "HOSTC@127.0.0.1", "--", "ups on battery");

        Assert.True(code == ExitCodes.Ok, _error.ToString());
        Assert.Equal(["HOSTC:ups on battery"], await ReceivedAsync(1));
        Assert.DoesNotContain("HOSTB", _out.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_text_comes_from_a_file_with_at()
    {
        var text = Path.Combine(_dir, "alert.txt");
        File.WriteAllText(text, "backup failed");

        var code = await Alert(Config("HOSTB@127.0.0.1"), "@" + text);

        Assert.True(code == ExitCodes.Ok, _error.ToString());
        Assert.Equal(["HOSTB:backup failed"], await ReceivedAsync(1));
    }

    [Fact]
    public async Task An_unreadable_text_file_is_exit_66_as_send_s_unreadable_list()
    {
        var code = await Alert(Config("HOSTB@127.0.0.1"), "@" + Path.Combine(_dir, "missing.txt"));

        Assert.Equal(ExitCodes.NoInput, code);
        Assert.StartsWith("messngr alert: cannot read the text ", _error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_alert_names_and_no_to_is_a_configuration_error()
    {
        var code = await Alert(Config(string.Empty), "hello");

        Assert.Equal(ExitCodes.Config, code);
        Assert.Equal("messngr alert: no alert names: set 'alert names' in messngr.conf or pass --to\n", _error.ToString());
    }

    [Fact]
    public async Task A_bad_alert_name_is_a_configuration_error_naming_the_key_and_the_value()
    {
        var code = await Alert(Config("HOSTB, WAY-TOO-LONG-A-NETBIOS-NAME"), "hello");

        Assert.Equal(ExitCodes.Config, code);
        Assert.Contains("messngr.conf:2 'alert names': 'WAY-TOO-LONG-A-NETBIOS-NAME' is not a recipient", _error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_to_is_a_usage_error()
    {
        await Assert.ThrowsAsync<UsageException>(() => Alert(Config("HOSTB@127.0.0.1"), "--to", "WAY-TOO-LONG-A-NETBIOS-NAME", "hi"));
    }

    [Fact]
    public void Send_gets_the_options_priority_high_by_default_and_the_text_after_double_dash()
    {
        var flags = new Dictionary<string, string> { ["to"] = "X", ["timeout"] = "5", ["json"] = "yes" };
        Assert.Equal(["--timeout=5", "--json", "--priority=high", "HOSTB", "--", "--not an option"], AlertCommand.SendArgs(flags, "HOSTB", "--not an option"));
        flags["priority"] = "low";
        Assert.Equal(["--timeout=5", "--json", "--priority=low", "HOSTB", "--", "-"], AlertCommand.SendArgs(flags, "HOSTB", null));
    }
}
