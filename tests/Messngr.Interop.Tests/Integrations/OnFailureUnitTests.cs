using Messngr.Interop.Tests.Support;

namespace Messngr.Interop.Tests.Integrations;

/// <summary>
/// packaging/messngr-onfailure@.service (issue #15, item 4): systemd-analyze verify accepts an
/// instance of it and a unit that names it in OnFailure=, and its command, run as the unit runs
/// it (messngr unit-failed %i, with the real journalctl), reaches the alert names' serve.
/// </summary>
public sealed class OnFailureUnitTests : IDisposable
{
    private readonly IntegrationCaller _caller = new("onfailure");

    public void Dispose() => _caller.Dispose();

    [Fact]
    public void Systemd_analyze_verifies_the_template_instance_and_a_unit_using_it_in_on_failure()
    {
        var dir = _caller.Dir;
        // verify checks that ExecStart's program exists: the test's messngr stands in for /usr/bin/messngr
        File.WriteAllText(Path.Combine(dir, "messngr-onfailure@.service"), File.ReadAllText(IntegrationCaller.Packaging("messngr-onfailure@.service")).Replace("/usr/bin/messngr", _caller.Messngr, StringComparison.Ordinal));
        File.WriteAllText(Path.Combine(dir, "backup.service"), "[Unit]\nDescription=backup\nOnFailure=messngr-onfailure@%n.service\n\n[Service]\nType=oneshot\nExecStart=/bin/false\n");

        var verify = Tool.Run("systemd-analyze", ["verify", "--man=no", Path.Combine(dir, "messngr-onfailure@backup.service.service"), Path.Combine(dir, "backup.service")], timeoutMs: 120_000);

        Assert.True(verify.ExitCode == 0 && verify.Error.Trim().Length == 0, verify.Output + verify.Error);
    }

    [Fact]
    public void The_template_s_command_sends_unit_failed_on_host_to_the_alert_names()
    {
        var exec = File.ReadAllLines(IntegrationCaller.Packaging("messngr-onfailure@.service")).Single(l => l.StartsWith("ExecStart=", StringComparison.Ordinal));
        Assert.Equal("ExecStart=/usr/bin/messngr unit-failed %i", exec);

        var run = Tool.Run(_caller.Messngr, ["unit-failed", "backup.service"], timeoutMs: 120_000);

        Assert.True(run.ExitCode == 0, run.Output + run.Error);
        var output = _caller.Serve.WaitForOutput($"backup.service failed on {System.Net.Dns.GetHostName()}", TimeSpan.FromSeconds(60));
        Assert.Contains($"to {IntegrationCaller.AlertName}", output, StringComparison.Ordinal);
    }
}
