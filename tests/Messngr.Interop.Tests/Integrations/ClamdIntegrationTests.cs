using Messngr.Interop.Tests.Support;

namespace Messngr.Interop.Tests.Integrations;

/// <summary>
/// ClamAV's real clamd (issue #15, item 4) with "VirusEvent messngr clamav-event", a private
/// signature database (one SHA-256 signature for a harmless sample) and clamdscan: a file whose
/// name holds shell syntax, a newline and terminal escapes is found; clamd runs VirusEvent
/// through its shell with the names in the environment; nothing in the name runs, and the
/// alert names' serve shows the name as inert text.
/// </summary>
public sealed class ClamdIntegrationTests : IDisposable
{
    private readonly IntegrationCaller _caller = new("clamd");

    public void Dispose() => _caller.Dispose();

    [Fact]
    public void A_hostile_file_name_reaches_the_alert_names_inert_and_nothing_in_it_runs()
    {
        var clamd = IntegrationCaller.Need("/usr/sbin/clamd", "clamav-daemon");
        IntegrationCaller.Need("/usr/bin/clamdscan", "clamdscan");
        var dir = _caller.Dir;
        var sample = "MESSNGR-TEST-VIRUS-PAYLOAD-0123456789\n"u8.ToArray();
        Directory.CreateDirectory(Path.Combine(dir, "db"));
        File.WriteAllText(Path.Combine(dir, "db", "messngr.hsb"), $"{Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(sample))}:{sample.Length}:Messngr.Test.Virus\n");
        var socket = Path.Combine(dir, "clamd.sock");
        var conf = Path.Combine(dir, "clamd.conf");
        File.WriteAllText(conf, $"""
            LocalSocket {socket}
            DatabaseDirectory {dir}/db
            Foreground yes
            User root
            LogFile {dir}/clamd.log
            VirusEvent {_caller.Messngr} clamav-event

            """);
        Directory.CreateDirectory(Path.Combine(dir, "scan"));
        var hostile = Path.Combine(dir, "scan", "$(touch pwned);touch pwned2;`touch pwned3`\n\u001b[2Jx.txt");
        File.WriteAllBytes(hostile, sample);

        _caller.Start(clamd, ["-c", conf]);
        IntegrationCaller.WaitFor(() => File.Exists(socket), "clamd's socket", 120);
        var scan = Tool.Run("clamdscan", [$"--config-file={conf}", "--fdpass", hostile], timeoutMs: 120_000);
        Assert.True(scan.ExitCode == 1, scan.Output + scan.Error); // 1: a virus was found
        Assert.Contains("Messngr.Test.Virus", scan.Output, StringComparison.Ordinal);

        var output = _caller.Serve.WaitForOutput("ClamAV found Messngr.Test.Virus", TimeSpan.FromSeconds(90));
        Assert.Contains("$(touch pwned);touch pwned2;`touch pwned3`", output, StringComparison.Ordinal);
        Assert.DoesNotContain('\u001b', output);
        foreach (var marker in new[] { "pwned", "pwned2", "pwned3" })
        {
            Assert.False(File.Exists(Path.Combine(dir, marker)) || File.Exists(Path.Combine("/", marker)), marker + " was created: the name ran");
        }
    }
}
