using System.Globalization;
using Messngr.Interop.Tests.Support;

namespace Messngr.Interop.Tests.Serve;

/// <summary>
/// Issue #12, item 4, on the real <c>messngr serve</c>: SIGHUP reloads the config file — the
/// daemon stays up, a new alias is registered (<c>messngr name</c> shows it), a now-denied
/// address is refused (smbclient -M from 127.0.0.1), and a key that needs a restart is logged.
/// </summary>
public sealed class ServeReloadTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("messngr-reload-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static Tool.Result Smbclient(ServeProcess serve, string to, string text) =>
        Tool.Run("smbclient", ["-M", to, "-I", "127.0.0.1", "-p", serve.Port.Session.ToString(CultureInfo.InvariantCulture), "-U", "alice", "-N"], text);

    [Fact]
    public void SIGHUP_applies_aliases_and_deny_live_and_reports_a_restart_only_key()
    {
        var config = Path.Combine(_dir, "messngr.conf");
        File.WriteAllText(config, "[global]\n  alias = OPS\n  max messages = 500\n");
        var stateDir = Path.Combine(_dir, "state");
        using var serve = ServeProcess.StartIn(stateDir, "HOSTR", "LAB", "--config", config);
        serve.WaitForLog("registered OPS<03>", TimeSpan.FromSeconds(30));
        var before = "before-" + Guid.NewGuid().ToString("N");
        var delivered = Smbclient(serve, "OPS", before);
        Assert.DoesNotContain("NT_STATUS_", delivered.Output + delivered.Error, StringComparison.Ordinal);
        serve.WaitForOutput(before, TimeSpan.FromSeconds(10));

        File.WriteAllText(config, "[global]\n  alias = HELPDESK\n  deny = 127.0.0.0/8\n  max messages = 600\n");
        serve.Signal("HUP");
        serve.WaitForLog("reloaded configuration: 2 changes applied", TimeSpan.FromSeconds(30));
        serve.WaitForLog("registered HELPDESK<03>", TimeSpan.FromSeconds(30));

        Assert.False(serve.HasExited, serve.Log);
        Assert.Contains("max messages changed: needs a restart", serve.Log, StringComparison.Ordinal);
        var names = Tool.Run("dotnet", [Path.Combine(AppContext.BaseDirectory, "messngr.dll"), "name", "--state-dir", stateDir]);
        Assert.True(names.ExitCode == 0, names.Error);
        Assert.Contains("HELPDESK", names.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("OPS", names.Output, StringComparison.Ordinal);
        var after = "after-" + Guid.NewGuid().ToString("N");
        var refused = Smbclient(serve, "HELPDESK", after);
        // smbclient -M exits 0 either way; a refused connection is closed before the session request
        // is answered, with a FIN or (data unread) a reset, as the run's timing has it.
        Assert.Matches("NT_STATUS_CONNECTION_(DISCONNECTED|RESET)", refused.Output + refused.Error);

        Assert.Equal(0, serve.Stop());
        Assert.DoesNotContain(after, serve.Output, StringComparison.Ordinal);
    }
}
