using Messngr.Interop.Tests.Integrations;
using Messngr.Interop.Tests.Support;

namespace Messngr.Interop.Tests.OneShot;

/// <summary>
/// Issue #15, item 8 for the integrations of item 4: <c>messngr-send --upsmon-notify</c>,
/// <c>--clamav-event</c> and <c>--media-script</c> on a host whose daemon runs hand the caller's
/// arguments and its variables to that daemon, which maps them with the code of the messngr
/// commands and alerts as the calling user. The daemon is a real <c>messngr serve</c> (HOSTI on
/// 127.0.0.1) whose own <c>alert names</c> are itself; the <c>messngr</c> beside this messngr-send
/// has no configuration, so <c>messngr upsmon-notify</c> run by the exec fallback would find no
/// alert names (exit 78) and would sign with $USER: a message from root can only come the daemon's way.
/// </summary>
[Collection(DummyUps.Collection)]
public sealed class MessngrSendIntegrationTests : IDisposable
{
    private static readonly TimeSpan SafetyNet = TimeSpan.FromSeconds(90);

    private readonly IntegrationCaller _caller = new("send-integrations", "--alert-names", $"{IntegrationCaller.AlertName}@127.0.0.1");

    public void Dispose() => _caller.Dispose();

    private static string Client => Path.Combine(OneShotClient.Directory, "messngr-send");

    /// <summary>A caller's environment: the daemon's state directory, and a $USER that is not the login.</summary>
    private Dictionary<string, string> Script(params (string Name, string Value)[] more)
    {
        var environment = new Dictionary<string, string> { ["MESSNGR_STATE_DIR"] = _caller.StateDirectory, ["USER"] = "scriptuser" };
        foreach (var (name, value) in more)
        {
            environment[name] = value;
        }

        return environment;
    }

    private string Delivered => $"{IntegrationCaller.AlertName}@127.0.0.1: delivered over smb to 127.0.0.1 (unverified): ";

    [Fact]
    public void Upsmon_runs_messngr_send_and_the_daemon_alerts_its_alert_names_as_root()
    {
        var ups = DummyUps.Start(_caller, $"{Client} --upsmon-notify", Script());

        ups.OnBattery();

        var output = _caller.Serve.WaitForOutput($"UPS {ups.Name} on battery", SafetyNet);
        Assert.Contains($"Message from root to {IntegrationCaller.AlertName}", output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_clamav_virus_event_goes_through_the_daemon_with_the_file_name_inert()
    {
        var sent = Tool.Run(Client, ["--clamav-event"], timeoutMs: 120_000, environment: Script(
            ("CLAM_VIRUSEVENT_FILENAME", "/srv/$(touch pwned)\u001b[2Jx.txt"),
            ("CLAM_VIRUSEVENT_VIRUSNAME", "Eicar-Test-Signature")));
        Assert.True(sent.ExitCode == 0, sent.Output + sent.Error);
        Assert.StartsWith(Delivered, sent.Output, StringComparison.Ordinal);

        var output = _caller.Serve.WaitForOutput("ClamAV found Eicar-Test-Signature in /srv/$(touch pwned)", SafetyNet);
        Assert.Contains($"Message from root to {IntegrationCaller.AlertName}", output, StringComparison.Ordinal);
        Assert.DoesNotContain('\u001b', output);
    }

    [Fact]
    public void A_media_script_goes_through_the_daemon_to_its_TO()
    {
        var sent = Tool.Run(Client, ["--media-script", $"{IntegrationCaller.AlertName}@127.0.0.1", "** PROBLEM Service Alert: db1/disk is CRITICAL **", "free space 2%"], timeoutMs: 120_000, environment: Script());
        Assert.True(sent.ExitCode == 0, sent.Output + sent.Error);
        Assert.StartsWith(Delivered, sent.Output, StringComparison.Ordinal);

        var output = _caller.Serve.WaitForOutput("PROBLEM Service Alert: db1/disk is CRITICAL", SafetyNet);
        Assert.Contains($"Message from root to {IntegrationCaller.AlertName}", output, StringComparison.Ordinal);
        _caller.Serve.WaitForOutput("free space 2%", SafetyNet);
    }

    [Fact]
    public void An_event_the_daemon_cannot_map_gets_the_messngr_commands_own_usage_error()
    {
        // No CLAM_VIRUSEVENT_VIRUSNAME: the daemon answers 400; messngr clamav-event says it in its words.
        var environment = Script(("CLAM_VIRUSEVENT_FILENAME", "/srv/x.txt"));
        var sent = Tool.Run(Client, ["--clamav-event"], timeoutMs: 120_000, environment: environment);
        var reference = Tool.Run(Path.Combine(OneShotClient.Directory, "messngr"), ["clamav-event"], timeoutMs: 120_000, environment: environment);
        Assert.Equal(64, sent.ExitCode);
        Assert.Equal((reference.ExitCode, reference.Output, reference.Error), (sent.ExitCode, sent.Output, sent.Error));
    }
}
