using Messngr.Cli;
using Messngr.Cli.Commands;
using Messngr.Cli.Control;
using Messngr.Daemon.Tests.Sending;

namespace Messngr.Daemon.Tests.Integrations;

/// <summary>
/// The integration commands end to end (issue #15, item 4): called with the caller's arguments
/// and environment, each sends its alert to the alert names as <c>messngr alert</c> does. A real
/// session listener on loopback answers for HOSTB and HOSTC.
/// </summary>
public sealed class IntegrationCommandTests : IAsyncDisposable
{
    private readonly LoopbackAlertTarget _target = new("HOSTB", "HOSTC");
    private readonly string _config;

    public IntegrationCommandTests() => _config = _target.Config("HOSTB@127.0.0.1");

    public ValueTask DisposeAsync() => _target.DisposeAsync();

    private string[] Options() => _target.Options(_config);

    private CommandContext Context(params (string Key, string Value)[] environment) =>
        _target.Context(environment.ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal));

    private async Task<string> ReceivedAsync()
    {
        var message = await _target.NextAsync();
        return $"{message.To}:{message.Text}";
    }

    [Fact]
    public async Task Upsmon_notify_sends_upsmon_s_message_to_the_alert_names()
    {
        var code = await UpsmonNotifyCommand.RunAsync([.. Options(), "UPS myups@localhost on battery"], Context(("NOTIFYTYPE", "ONBATT"), ("UPSNAME", "myups@localhost")), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(120));

        Assert.True(code == ExitCodes.Ok, _target.Error.ToString());
        Assert.Equal("HOSTB:UPS myups@localhost on battery", await ReceivedAsync());
    }

    [Fact]
    public async Task Clamav_event_reads_the_names_from_the_environment_and_sends_them_inert()
    {
        var code = await ClamavEventCommand.RunAsync(Options(), Context(("CLAM_VIRUSEVENT_VIRUSNAME", "Eicar-Test-Signature"), ("CLAM_VIRUSEVENT_FILENAME", "/tmp/a\u001b[2J;$(id)")), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(120));

        Assert.True(code == ExitCodes.Ok, _target.Error.ToString());
        var got = await ReceivedAsync();
        Assert.StartsWith("HOSTB:ClamAV found Eicar-Test-Signature in /tmp/a", got, StringComparison.Ordinal);
        Assert.Contains(";$(id) on ", got, StringComparison.Ordinal);
        Assert.DoesNotContain('\u001b', got);
    }

    [Fact]
    public async Task Media_script_takes_its_last_three_arguments_verbatim_even_when_they_look_like_options()
    {
        var code = await MediaScriptCommand.RunAsync([.. Options(), "HOSTC@127.0.0.1", "--help", "@/etc/shadow"], Context(), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(120));

        Assert.True(code == ExitCodes.Ok, _target.Error.ToString());
        var got = await ReceivedAsync();
        Assert.StartsWith("HOSTC:--help", got, StringComparison.Ordinal);
        Assert.EndsWith("@/etc/shadow", got, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Media_script_with_an_empty_to_sends_to_the_alert_names()
    {
        var code = await MediaScriptCommand.RunAsync([.. Options(), string.Empty, "Problem: disk full on web1", "Free space 1%"], Context(), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(120));

        Assert.True(code == ExitCodes.Ok, _target.Error.ToString());
        Assert.StartsWith("HOSTB:Problem: disk full on web1", await ReceivedAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Media_script_with_two_arguments_is_a_usage_error()
    {
        await Assert.ThrowsAsync<UsageException>(() => MediaScriptCommand.RunAsync(["TO", "SUBJECT"], Context(), CancellationToken.None));
    }

    [Fact]
    public async Task Unit_failed_sends_the_unit_and_its_journal_lines()
    {
        var code = await UnitFailedCommand.RunAsync([.. Options(), "backup.service"], Context(), (_, _) => Task.FromResult<IReadOnlyList<string>>(["Dec 07 backup[1]: disk full"]), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(120));

        Assert.True(code == ExitCodes.Ok, _target.Error.ToString());
        var got = await ReceivedAsync();
        Assert.StartsWith("HOSTB:backup.service failed on ", got, StringComparison.Ordinal);
        Assert.Contains("Dec 07 backup[1]: disk full", got, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unit_failed_refuses_what_is_not_a_unit_name_before_journalctl_sees_it()
    {
        var asked = false;
        await Assert.ThrowsAsync<UsageException>(() => UnitFailedCommand.RunAsync([.. Options(), "--since=yesterday"], Context(), (_, _) =>
        {
            asked = true;
            return Task.FromResult<IReadOnlyList<string>>([]);
        }, CancellationToken.None));
        Assert.False(asked);
    }

    [Fact]
    public async Task Cups_notifier_reads_events_from_stdin_and_says_the_job_is_done_ignoring_other_events()
    {
        var other = new IppTestWriter().Group(0x07).Text(0x44, "notify-subscribed-event", "printer-state-changed").End();
        using var events = new MemoryStream([.. other, .. IppTestWriter.JobCompleted(7, "report.pdf", "office")]);
        var code = await CupsNotifierCommand.RunAsync([.. Options(), "messngr:", string.Empty], Context(), events, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(120));

        Assert.True(code == ExitCodes.Ok, _target.Error.ToString());
        Assert.Equal("HOSTB:Your print job 7 (report.pdf) on office is done", await ReceivedAsync());
    }

    [Fact]
    public async Task Cups_notifier_ends_with_65_on_a_malformed_event()
    {
        using var events = new MemoryStream([2, 0, 0, 0, 0, 0, 0, 0, 0x07, 0x21, 0, 1]);
        var code = await CupsNotifierCommand.RunAsync([.. Options(), "messngr:", string.Empty], Context(), events, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(120));

        Assert.Equal(ExitCodes.DataError, code);
        Assert.StartsWith("ERROR: messngr cups-notifier: malformed IPP message: Truncated", _target.Error.ToString(), StringComparison.Ordinal);
    }
}
