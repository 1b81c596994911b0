using System.Globalization;
using Messngr.Interop.Tests.Support;

namespace Messngr.Interop.Tests.OneShot;

/// <summary>
/// Issue #15, item 8: <c>messngr-send</c>, the one-shot client for scripts, is <c>messngr send</c>
/// (and with <c>--alert</c> first, <c>messngr alert</c>) in an executable without the daemon. Each test
/// runs messngr-send (<see cref="OneShotClient"/>) and the built messngr.dll with the same arguments against a real
/// <c>messngr serve</c> on 127.0.0.1 and checks the same exit code and output: the classic SMB path, the
/// native path through the local daemon's control socket, alert, and a usage error with --json.
/// </summary>
public sealed class MessngrSendBinaryTests : IDisposable
{
    private readonly string _state = Directory.CreateTempSubdirectory("messngr-oneshot-").FullName;
    private readonly ServeProcess _serve;

    public MessngrSendBinaryTests() => _serve = ServeProcess.StartIn(_state, "HOSTB", "LAB");

    public void Dispose()
    {
        _serve.Dispose();
        Directory.Delete(_state, recursive: true);
    }

    /// <summary>The sender's identity is given, and the daemon's control socket is the serve's: nothing of this machine's own messngr is used.</summary>
    private string[] Identity => ["--config", "/dev/null", "--netbios-name", "HOSTA", "--workgroup", "LAB", "--state-dir", _state,
        "--session-port", _serve.Port.Session.ToString(CultureInfo.InvariantCulture), "--rpc-port", _serve.Port.Rpc.ToString(CultureInfo.InvariantCulture)];

    private static Tool.Result Run(string dll, params string[] args) =>
        Tool.Run("dotnet", [Path.Combine(AppContext.BaseDirectory, dll), .. args], timeoutMs: 120_000);

    private static Tool.Result OneShot(params string[] args) => OneShotClient.Run(null, args);

    private static Tool.Result Messngr(params string[] args) => Run("messngr.dll", args);

    [Fact]
    public void A_classic_send_is_delivered_and_answered_as_messngr_send_answers()
    {
        var sent = OneShot([.. Identity, "--from", "alice", "HOSTB@127.0.0.1", "one-shot over smb"]);
        Assert.True(sent.ExitCode == 0, sent.Output + sent.Error);
        var shown = _serve.WaitForOutput("one-shot over smb", TimeSpan.FromSeconds(30));
        Assert.Contains("Message from alice to HOSTB", shown, StringComparison.Ordinal);

        var reference = Messngr(["send", .. Identity, "--from", "alice", "HOSTB@127.0.0.1", "one-shot over smb"]);
        Assert.Equal((reference.ExitCode, reference.Output, reference.Error), (sent.ExitCode, sent.Output, sent.Error));
    }

    [Fact]
    public void A_refused_send_has_messngr_sends_exit_code_and_message()
    {
        var sent = OneShot([.. Identity, "NOBODY@127.0.0.1", "to a name HOSTB does not hold"]);
        var reference = Messngr(["send", .. Identity, "NOBODY@127.0.0.1", "to a name HOSTB does not hold"]);
        Assert.NotEqual(0, sent.ExitCode);
        Assert.Equal((reference.ExitCode, reference.Output, reference.Error), (sent.ExitCode, sent.Output, sent.Error));
    }

    [Fact]
    public void A_native_send_goes_through_the_local_daemon_as_messngr_sends_does()
    {
        // Nothing listens on this native port: the daemon keeps the message in its outbox (exit 75, queued).
        var nobody = $"HOSTZ@127.0.0.1:{FreePort.Next().ToString(CultureInfo.InvariantCulture)}";
        var sent = OneShot([.. Identity, "--native", "--json", nobody, "native through the daemon"]);
        var reference = Messngr(["send", .. Identity, "--native", "--json", nobody, "native through the daemon"]);
        Assert.True(sent.ExitCode == reference.ExitCode, $"messngr-send: {sent.ExitCode} {sent.Output}{sent.Error}\nmessngr send: {reference.ExitCode} {reference.Output}{reference.Error}");
        Assert.Equal(75, sent.ExitCode);
        Assert.Contains("\"transport\": \"native\"", sent.Output, StringComparison.Ordinal);
        Assert.Contains("\"state\": \"queued\"", sent.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void With_alert_first_it_is_messngr_alert()
    {
        var sent = OneShot(["--alert", .. Identity, "--from", "nut", "--to", "HOSTB@127.0.0.1", "UPS on battery"]);
        Assert.True(sent.ExitCode == 0, sent.Output + sent.Error);
        Assert.Contains("Message from nut to HOSTB", _serve.WaitForOutput("UPS on battery", TimeSpan.FromSeconds(30)), StringComparison.Ordinal);

        var reference = Messngr(["alert", .. Identity, "--from", "nut", "--to", "HOSTB@127.0.0.1", "UPS on battery"]);
        Assert.Equal((reference.ExitCode, reference.Output, reference.Error), (sent.ExitCode, sent.Output, sent.Error));

        var none = OneShot(["--alert", "--config", "/dev/null", "--state-dir", _state, "nobody to alert"]);
        Assert.Equal(78, none.ExitCode);
    }

    [Fact]
    public void A_usage_error_is_64_with_the_json_error_as_messngr_send_gives_it()
    {
        var sent = OneShot("--json", "--bogus", "HOSTB@127.0.0.1", "text");
        var reference = Messngr("send", "--json", "--bogus", "HOSTB@127.0.0.1", "text");
        Assert.Equal(64, sent.ExitCode);
        Assert.Equal((reference.ExitCode, reference.Output, reference.Error), (sent.ExitCode, sent.Output, sent.Error));
        Assert.StartsWith("{", sent.Output, StringComparison.Ordinal);
    }
}
