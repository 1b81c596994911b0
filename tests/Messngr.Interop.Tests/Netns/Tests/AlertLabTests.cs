using Messngr.Interop.Tests.Support;

namespace Messngr.Interop.Tests.Netns.Tests;

/// <summary>
/// <c>messngr alert</c> (issue #15, item 3) against a third-party receiver: from HOSTA, with
/// <c>alert names = HOSTB</c> in its config file, the alert reaches Samba's smbd on HOSTB, whose
/// <c>message command</c> records the sender, the recipient and the text.
/// </summary>
[Collection(LabCollection.Name)]
public sealed class AlertLabTests
{
    private readonly Lab _lab;

    public AlertLabTests(Lab lab) => _lab = lab;

    private static string Describe(Tool.Result result) => $"exit {result.ExitCode}\n--- stdout ---\n{result.Output}\n--- stderr ---\n{result.Error}";

    [Fact]
    public void An_alert_from_HOSTA_reaches_smbd_on_HOSTB_named_in_alert_names()
    {
        var samba = _lab.StartSamba();
        var config = Path.Combine(_lab.Directory, $"alert-{Guid.NewGuid():N}.conf");
        File.WriteAllText(config, $"[global]\nalert names = HOSTB\nworkgroup = {Lab.Workgroup}\n");
        File.SetUnixFileMode(config, (UnixFileMode)0x1A4); // 0644
        try
        {
            var text = Unique.Text("disk full on HOSTA");
            var result = _lab.MessngrCommand(_lab.HostA, "alert", "--config", config, "--netbios-name", "HOSTA", "--from", "ops", "--", text);

            Assert.True(result.ExitCode == 0, Describe(result));
            Assert.Contains("HOSTB: delivered over smb to " + _lab.HostB.Address, result.Output, StringComparison.Ordinal);
            var message = samba.WaitForMessage(text);
            Assert.Equal(("ops", "hostb"), (message.From, message.To));
            Assert.Equal(text, message.Text.Trim());
        }
        finally
        {
            File.Delete(config);
        }
    }
}
