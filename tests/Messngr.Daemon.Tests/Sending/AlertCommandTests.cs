using Messngr.Cli;
using Messngr.Cli.Commands;

namespace Messngr.Daemon.Tests.Sending;

/// <summary>
/// <c>messngr alert</c> (issue #15, item 3): the text goes, as <c>messngr send</c> sends it, to
/// every name of <c>alert names</c> in the config file, or to <c>--to</c>; none or a bad one is 78.
/// A real session listener on loopback answers for HOSTB and HOSTC.
/// </summary>
public sealed class AlertCommandTests : IAsyncDisposable
{
    private readonly LoopbackAlertTarget _target = new("HOSTB", "HOSTC");

    public ValueTask DisposeAsync() => _target.DisposeAsync();

    private string Config(string alertNames) => _target.Config(alertNames);

    private Task<int> Alert(string config, params string[] args) =>
        AlertCommand.RunAsync([.. _target.Options(config), .. args], _target.Context(), () => TextReader.Null, inputRedirected: true, CancellationToken.None)
            .WaitAsync(TimeSpan.FromSeconds(120));

    private async Task<List<string>> ReceivedAsync(int count)
    {
        var got = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var message = await _target.NextAsync();
            got.Add($"{message.To}:{message.Text}");
        }

        return [.. got.Order(StringComparer.Ordinal)];
    }

    [Fact]
    public async Task An_alert_reaches_every_alert_name_of_the_config_file()
    {
        var code = await Alert(Config("HOSTB@127.0.0.1, HOSTC@127.0.0.1"), "disk", "full");

        Assert.True(code == ExitCodes.Ok, _target.Error.ToString());
        Assert.Equal(["HOSTB:disk full", "HOSTC:disk full"], await ReceivedAsync(2));
        Assert.Contains("HOSTB@127.0.0.1: delivered over smb", _target.Out.ToString(), StringComparison.Ordinal);
        Assert.Contains("HOSTC@127.0.0.1: delivered over smb", _target.Out.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task To_overrides_the_alert_names()
    {
        var code = await Alert(Config("HOSTB@127.0.0.1"), "--to", "HOSTC@127.0.0.1", "--", "ups on battery");

        Assert.True(code == ExitCodes.Ok, _target.Error.ToString());
        Assert.Equal(["HOSTC:ups on battery"], await ReceivedAsync(1));
        Assert.DoesNotContain("HOSTB", _target.Out.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_text_comes_from_a_file_with_at()
    {
        var text = Path.Combine(_target.Dir, "alert.txt");
        File.WriteAllText(text, "backup failed");

        var code = await Alert(Config("HOSTB@127.0.0.1"), "@" + text);

        Assert.True(code == ExitCodes.Ok, _target.Error.ToString());
        Assert.Equal(["HOSTB:backup failed"], await ReceivedAsync(1));
    }

    [Fact]
    public async Task An_unreadable_text_file_is_exit_66_as_send_s_unreadable_list()
    {
        var code = await Alert(Config("HOSTB@127.0.0.1"), "@" + Path.Combine(_target.Dir, "missing.txt"));

        Assert.Equal(ExitCodes.NoInput, code);
        Assert.StartsWith("messngr alert: cannot read the text ", _target.Error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_alert_names_and_no_to_is_a_configuration_error()
    {
        var code = await Alert(Config(string.Empty), "hello");

        Assert.Equal(ExitCodes.Config, code);
        Assert.Equal("messngr alert: no alert names: set 'alert names' in messngr.conf or pass --to\n", _target.Error.ToString());
    }

    [Fact]
    public async Task A_bad_alert_name_is_a_configuration_error_naming_the_key_and_the_value()
    {
        var code = await Alert(Config("HOSTB, WAY-TOO-LONG-A-NETBIOS-NAME"), "hello");

        Assert.Equal(ExitCodes.Config, code);
        Assert.Contains("messngr.conf:2 'alert names': 'WAY-TOO-LONG-A-NETBIOS-NAME' is not a recipient", _target.Error.ToString(), StringComparison.Ordinal);
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
