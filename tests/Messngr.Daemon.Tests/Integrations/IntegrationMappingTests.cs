using Messngr.Cli;
using Messngr.Cli.Commands;
using Messngr.Cli.Integrations;
using Messngr.Daemon.Integrations;

namespace Messngr.Daemon.Tests.Integrations;

/// <summary>What each system tool's event becomes (issue #15, item 4): text, priority, correlation key, recipient.</summary>
public sealed class IntegrationMappingTests
{
    private static Dictionary<string, string> Env(params (string Key, string Value)[] pairs) => pairs.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);

    [Theory]
    [InlineData("LOWBATT", "critical")]
    [InlineData("FSD", "critical")]
    [InlineData("SHUTDOWN", "critical")]
    [InlineData("ONBATT", "high")]
    [InlineData("COMMBAD", "high")]
    [InlineData("NOCOMM", "high")]
    [InlineData("REPLBATT", "high")]
    [InlineData("ONLINE", "normal")]
    [InlineData("COMMOK", "normal")]
    [InlineData("SOMETHINGNEW", "normal")]
    public void Upsmon_notifytype_maps_to_a_priority(string type, string priority)
    {
        var alert = UpsNotification.Alert("UPS myups@localhost: event", Env(("NOTIFYTYPE", type), ("UPSNAME", "myups@localhost")));
        Assert.Equal(priority, alert.Priority);
        Assert.Equal("ups:myups@localhost", alert.CorrelationKey);
        Assert.Equal("UPS myups@localhost: event", alert.Text);
        Assert.Null(alert.To);
    }

    [Fact]
    public void Online_and_onbatt_of_one_ups_share_the_key_so_online_replaces_onbatt()
    {
        var onbatt = UpsNotification.Alert("UPS a@h on battery", Env(("NOTIFYTYPE", "ONBATT"), ("UPSNAME", "a@h")));
        var online = UpsNotification.Alert("UPS a@h on line power", Env(("NOTIFYTYPE", "ONLINE"), ("UPSNAME", "a@h")));
        Assert.Equal(onbatt.CorrelationKey, online.CorrelationKey);
        Assert.NotEqual(onbatt.CorrelationKey, UpsNotification.Alert("x", Env(("NOTIFYTYPE", "ONLINE"), ("UPSNAME", "b@h"))).CorrelationKey);
    }

    [Fact]
    public void A_clamav_file_name_arrives_inert_on_one_line()
    {
        var alert = ClamavVirusEvent.Alert(Env(("CLAM_VIRUSEVENT_VIRUSNAME", "Eicar-Signature"), ("CLAM_VIRUSEVENT_FILENAME", "/srv/$(touch /tmp/pwned);x\n\u001b]0;owned\u0007\u001b[2J.txt")));
        Assert.Equal("high", alert.Priority);
        Assert.StartsWith("ClamAV found Eicar-Signature in /srv/$(touch /tmp/pwned);x", alert.Text, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', alert.Text);
        Assert.DoesNotContain('\u001b', alert.Text);
        Assert.DoesNotContain('\u0007', alert.Text);
    }

    [Fact]
    public void Clamav_event_without_the_virus_variable_is_a_usage_error()
    {
        Assert.Throws<IntegrationInputException>(() => ClamavVirusEvent.Alert(Env(("CLAM_VIRUSEVENT_FILENAME", "/x"))));
    }

    [Theory]
    [InlineData("Problem: High CPU on web1", "high", "mon:High_CPU_on_web1")]
    [InlineData("Resolved: High CPU on web1", "normal", "mon:High_CPU_on_web1")]
    [InlineData("Resolved in 5m 3s: High CPU on web1", "normal", "mon:High_CPU_on_web1")]
    [InlineData("Updated problem: High CPU on web1", "high", "mon:High_CPU_on_web1")]
    [InlineData("Problem: Disaster: web1 unreachable", "critical", "mon:Disaster:_web1_unreachable")]
    [InlineData("** PROBLEM Service Alert: web1/HTTP is CRITICAL **", "critical", "mon:Service_Alert:_web1/HTTP")]
    [InlineData("** PROBLEM Service Alert: web1/HTTP is WARNING **", "high", "mon:Service_Alert:_web1/HTTP")]
    [InlineData("** RECOVERY Service Alert: web1/HTTP is OK **", "normal", "mon:Service_Alert:_web1/HTTP")]
    [InlineData("** PROBLEM Host Alert: web1 is DOWN **", "critical", "mon:Host_Alert:_web1")]
    [InlineData("** RECOVERY Host Alert: web1 is UP **", "normal", "mon:Host_Alert:_web1")]
    [InlineData("Backup report", "normal", null)]
    public void A_monitoring_subject_gives_the_priority_and_a_key_that_problem_and_recovery_share(string subject, string priority, string? key)
    {
        Assert.Equal((priority, key), MonitoringSubject.Read(subject));
    }

    [Fact]
    public void Media_script_to_empty_is_the_alert_names_and_a_list_is_passed_on()
    {
        Assert.Null(MediaScriptCommand.Alert(" ", "Problem: x", "m").To);
        Assert.Equal("OPS, ADMIN", MediaScriptCommand.Alert("OPS, ADMIN", "Problem: x", "m").To);
        Assert.Equal("Problem: x\nline 1\nline 2", MediaScriptCommand.Alert(string.Empty, "Problem: x", "line 1\nline 2\n").Text);
    }

    [Fact]
    public void A_long_subject_becomes_a_hashed_key_within_128_characters()
    {
        var key = MonitoringSubject.Read("Problem: " + new string('x', 300)).Key!;
        Assert.True(key.Length <= IntegrationAlert.MaxKeyLength);
        Assert.StartsWith("mon:", key, StringComparison.Ordinal);
    }

    [Fact]
    public void Unit_failed_says_which_unit_failed_with_its_journal_lines_made_inert()
    {
        var alert = UnitFailure.Alert("backup.service", "host1", ["line one", "evil \u001b[31mred", new string('y', 1000)]);
        Assert.Equal("high", alert.Priority);
        Assert.Equal("unit:backup.service", alert.CorrelationKey);
        var lines = alert.Text.Split('\n');
        Assert.Equal("backup.service failed on host1", lines[0]);
        Assert.Equal("line one", lines[1]);
        Assert.DoesNotContain('\u001b', lines[2]);
        Assert.Equal(UnitFailure.MaxJournalLineCharacters + 3, lines[3].Length);
    }

    [Theory]
    [InlineData("backup.service", true)]
    [InlineData("getty@tty1.service", true)]
    [InlineData("system-foo\\x2dbar.slice", true)]
    [InlineData("--help", false)]
    [InlineData("a b.service", false)]
    [InlineData("x;rm.service", false)]
    [InlineData("", false)]
    public void Only_a_systemd_unit_name_is_taken(string unit, bool ok)
    {
        Assert.Equal(ok, UnitFailure.IsUnitName(unit));
    }

    [Fact]
    public void A_cups_job_completed_event_says_the_job_is_done()
    {
        Assert.True(Cli.Integrations.Ipp.IppMessageReader.TryParse(IppTestWriter.JobCompleted(42, "report.pdf", "office"), out var message, out _));
        var job = CupsJobEvent.From(message!)!;
        Assert.Equal("Your print job 42 (report.pdf) on office is done", job.Alert("alice").Text);
        Assert.Equal("alice", job.Alert("alice").To);
        Assert.Equal("normal", job.Alert(null).Priority);
        Assert.Equal("high", (job with { JobState = CupsJobEvent.Aborted }).Alert(null).Priority);
    }

    [Theory]
    [InlineData("messngr:", null)]
    [InlineData("messngr:ALICE", "ALICE")]
    public void The_recipient_uri_may_name_a_plain_messenger_name(string uri, string? name)
    {
        Assert.Equal(name, CupsRecipient.FromUri(uri));
    }

    [Theory]
    [InlineData("messngr:*")]
    [InlineData("messngr:%2Fdomain")]
    [InlineData("messngr:ALICE@10.0.0.1")]
    [InlineData("messngr:/users")]
    [InlineData("mailto:root@localhost")]
    public void A_recipient_uri_that_is_not_a_plain_name_is_refused(string uri)
    {
        Assert.Throws<UsageException>(() => CupsRecipient.FromUri(uri));
    }

    [Fact]
    public void A_job_owner_that_is_not_a_plain_name_is_not_taken()
    {
        Assert.Equal("alice", CupsRecipient.PlainName("alice"));
        Assert.Null(CupsRecipient.PlainName("*"));
        Assert.Null(CupsRecipient.PlainName("/domain"));
        Assert.Null(CupsRecipient.PlainName("bob@10.1.1.1"));
        Assert.Null(CupsRecipient.PlainName(null));
    }

    [Fact]
    public void The_owner_is_asked_with_a_get_job_attributes_request_for_job_originating_user_name()
    {
        Assert.True(Cli.Integrations.Ipp.IppMessageReader.TryParse(CupsJobOwner.Request(42, "lp"), out var request, out var error), error.ToString());
        Assert.Equal(0x0009, request!.Code); // Get-Job-Attributes, RFC 8011 4.3.4
        Assert.Equal("ipp://localhost/jobs/42", request.Text("job-uri"));
        Assert.Equal("lp", request.Text("requesting-user-name"));
        Assert.Equal("job-originating-user-name", request.Text("requested-attributes"));
        Assert.Equal("utf-8", request.Text("attributes-charset"));
    }

    [Fact]
    public async Task No_cupsd_to_ask_is_no_owner()
    {
        Assert.Null(await CupsJobOwner.LookupAsync(1, new Dictionary<string, string> { ["CUPS_SERVER"] = "/nonexistent/cups.sock" }, CancellationToken.None));
    }
}
