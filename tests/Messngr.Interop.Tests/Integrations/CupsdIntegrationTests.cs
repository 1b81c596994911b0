using System.Globalization;
using Messngr.Interop.Tests.Support;

namespace Messngr.Interop.Tests.Integrations;

/// <summary>
/// CUPS's real cupsd (issue #15, item 4) in a private configuration: its ServerBin holds
/// notifier/messngr, the packaged wrapper (packaging/cups/messngr) pointed at the test's messngr;
/// a raw printer on file:/dev/null; a printer subscription with notify-recipient-uri messngr:
/// made with ipptool; a job printed with lp. cupsd runs the notifier as lp with the IPP event on
/// stdin, and the alert names' serve shows "Your print job 1 (report.pdf) on office is done".
/// </summary>
public sealed class CupsdIntegrationTests : IDisposable
{
    private readonly IntegrationCaller _caller = new("cupsd");

    public void Dispose() => _caller.Dispose();

    [Fact]
    public void A_printed_job_s_completion_reaches_the_alert_names_through_the_messngr_notifier()
    {
        var host = StartCups(policy: string.Empty);
        Print(host, "alice");

        var output = _caller.Serve.WaitForOutput("Your print job 1 (report.pdf) on office is done", TimeSpan.FromSeconds(120));
        Assert.Contains($"to {IntegrationCaller.AlertName}", output, StringComparison.Ordinal);
    }

    [Fact]
    public void The_job_s_owner_gets_it_when_cupsd_lets_the_notifier_see_the_owner()
    {
        // no alert names: only the owner, asked of cupsd with Get-Job-Attributes, can be reached
        File.WriteAllText(_caller.Config, "[global]\n");
        var host = StartCups(policy: "JobPrivateAccess @OWNER @SYSTEM lp");
        Print(host, IntegrationCaller.AlertName.ToLowerInvariant());

        var output = _caller.Serve.WaitForOutput("Your print job 1 (report.pdf) on office is done", TimeSpan.FromSeconds(120));
        Assert.Contains($"to {IntegrationCaller.AlertName}", output, StringComparison.Ordinal);
    }

    private void Print(string host, string user)
    {
        var document = Path.Combine(_caller.Dir, "doc.txt");
        File.WriteAllText(document, "hello\n");
        var print = Tool.Run("lp", ["-h", host, "-d", "office", "-U", user, "-t", "report.pdf", document]);
        Assert.True(print.ExitCode == 0, print.Output + print.Error);
    }

    /// <summary>cupsd with the messngr notifier, printer office and a messngr: subscription; returns its host:port.</summary>
    private string StartCups(string policy)
    {
        var cupsd = IntegrationCaller.Need("/usr/sbin/cupsd", "cups-daemon");
        IntegrationCaller.Need("/usr/bin/ipptool", "cups-ipp-utils");
        IntegrationCaller.Need("/usr/bin/lp", "cups-client");
        var dir = _caller.Dir;
        var root = Path.Combine(dir, "root");
        var bin = Path.Combine(dir, "bin");
        foreach (var d in new[] { root, bin, Path.Combine(bin, "notifier"), Path.Combine(dir, "spool"), Path.Combine(dir, "cache"), Path.Combine(dir, "state"), Path.Combine(dir, "log"), Path.Combine(dir, "tmp") })
        {
            Directory.CreateDirectory(d);
            File.SetUnixFileMode(d, (UnixFileMode)0b111_101_101);
        }

        File.SetUnixFileMode(Path.Combine(dir, "tmp"), (UnixFileMode)0b111_111_111); // the notifier's HOME and TMPDIR
        foreach (var d in new[] { "backend", "filter", "daemon", "cgi-bin", "monitor", "driver" })
        {
            File.CreateSymbolicLink(Path.Combine(bin, d), Path.Combine("/usr/lib/cups", d));
        }

        var notifier = Path.Combine(bin, "notifier", "messngr");
        File.WriteAllText(notifier, File.ReadAllText(IntegrationCaller.Packaging("cups/messngr")).Replace("/usr/bin/messngr", _caller.Messngr, StringComparison.Ordinal));
        File.SetUnixFileMode(notifier, (UnixFileMode)0b111_101_101);
        var port = FreePort.Next().ToString(CultureInfo.InvariantCulture);
        var host = $"127.0.0.1:{port}";
        File.WriteAllText(Path.Combine(root, "cupsd.conf"), $"""
            Listen {host}
            LogLevel debug
            Browsing No
            <Location />
              Order allow,deny
              Allow all
            </Location>
            <Policy default>
              {policy}
              <Limit All>
                Order deny,allow
              </Limit>
            </Policy>

            """);
        File.WriteAllText(Path.Combine(root, "cups-files.conf"), $"""
            ServerRoot {root}
            ServerBin {bin}
            RequestRoot {dir}/spool
            CacheDir {dir}/cache
            StateDir {dir}/state
            TempDir {dir}/tmp
            ErrorLog {dir}/log/error_log
            AccessLog {dir}/log/access_log
            PageLog {dir}/log/page_log
            FileDevice Yes
            User lp
            Group lp
            SystemGroup root

            """);

        _caller.Start(cupsd, ["-f", "-c", Path.Combine(root, "cupsd.conf"), "-s", Path.Combine(root, "cups-files.conf")]);
        IntegrationCaller.WaitFor(() => Tool.Run("lpstat", ["-h", host, "-r"]).Output.Contains("scheduler is running", StringComparison.Ordinal), "cupsd", 120);
        var add = Tool.Run("lpadmin", ["-h", host, "-p", "office", "-E", "-v", "file:/dev/null"]);
        Assert.True(add.ExitCode == 0, add.Output + add.Error);
        var test = Path.Combine(dir, "subscribe.test");
        File.WriteAllText(test, """
            {
              NAME "Create-Printer-Subscriptions messngr:"
              OPERATION Create-Printer-Subscriptions
              GROUP operation-attributes-tag
              ATTR charset attributes-charset utf-8
              ATTR naturalLanguage attributes-natural-language en
              ATTR uri printer-uri $uri
              ATTR name requesting-user-name root
              GROUP subscription-attributes-tag
              ATTR uri notify-recipient-uri messngr:
              ATTR keyword notify-events job-completed
              ATTR integer notify-lease-duration 0
              STATUS successful-ok
            }

            """);
        var subscribe = Tool.Run("ipptool", ["-t", $"ipp://{host}/printers/office", test]);
        Assert.True(subscribe.ExitCode == 0, subscribe.Output + subscribe.Error);
        return host;
    }
}
