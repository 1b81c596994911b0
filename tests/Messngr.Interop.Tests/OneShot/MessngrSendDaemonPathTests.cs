using System.Globalization;
using Messngr.Interop.Tests.Support;

namespace Messngr.Interop.Tests.OneShot;

/// <summary>
/// Issue #15, item 8: <c>messngr-send RECIPIENT TEXT…</c> on a host whose daemon runs hands the
/// message to that daemon (<c>POST /v1/send/any</c>), which sends it as the calling user, and prints
/// <c>messngr send</c>'s result line and exit code; a request the daemon refuses before sending, and
/// a host without a daemon, get <c>messngr send</c> itself. The daemon here is a real
/// <c>messngr serve</c> on 127.0.0.1 whose classic sends go to its own session port, so a message it
/// sends reaches itself, while <c>messngr send</c> run without <c>--session-port</c> would try port
/// 139, where nothing listens: only the daemon's path can deliver.
/// </summary>
public sealed class MessngrSendDaemonPathTests : IDisposable
{
    private readonly string _state = Directory.CreateTempSubdirectory("messngr-oneshot-daemon-").FullName;
    private readonly string _empty = Directory.CreateTempSubdirectory("messngr-oneshot-none-").FullName;
    private readonly ServeProcess _serve;

    /// <summary>The daemon's alert names: itself, by address (for messngr-send --alert).</summary>
    public MessngrSendDaemonPathTests() => _serve = ServeProcess.StartIn(_state, "HOSTB", "LAB", "--alert-names", "HOSTB@127.0.0.1");

    public void Dispose()
    {
        _serve.Dispose();
        Directory.Delete(_state, recursive: true);
        Directory.Delete(_empty, recursive: true);
    }

    private static Tool.Result Messngr(IReadOnlyDictionary<string, string> environment, params string[] args) =>
        Tool.Run("dotnet", [Path.Combine(AppContext.BaseDirectory, "messngr.dll"), .. args], timeoutMs: 120_000, environment: environment);

    /// <summary>The script's environment: the daemon's state directory, and a $USER that is not the login (messngr send would sign with it).</summary>
    private Dictionary<string, string> WithDaemon => new() { ["MESSNGR_STATE_DIR"] = _state, ["USER"] = "scriptuser" };

    [Fact]
    public void A_plain_send_goes_through_the_running_daemon_and_prints_messngr_sends_line()
    {
        var sent = OneShotClient.Run(WithDaemon, "HOSTB@127.0.0.1", "through", "the", "daemon");
        Assert.True(sent.ExitCode == 0, sent.Output + sent.Error);

        // The daemon signs with the caller's login (root here), never with $USER.
        var shown = _serve.WaitForOutput("through the daemon", TimeSpan.FromSeconds(30));
        Assert.Contains("Message from root to HOSTB", shown, StringComparison.Ordinal);

        // The line is messngr send's own for the same path (the daemon's session port named explicitly).
        var reference = Messngr(WithDaemon, "send", "--config", "/dev/null", "--from", "root",
            "--session-port", _serve.Port.Session.ToString(CultureInfo.InvariantCulture), "HOSTB@127.0.0.1", "through the daemon");
        Assert.True(reference.ExitCode == 0, reference.Output + reference.Error);
        Assert.Equal(reference.Output, sent.Output);
        Assert.Equal(string.Empty, sent.Error);
    }

    [Fact]
    public void A_name_the_receiver_does_not_hold_is_refused_with_messngr_sends_exit_code()
    {
        var sent = OneShotClient.Run(WithDaemon, "NOBODY@127.0.0.1", "to nobody");
        Assert.Equal(77, sent.ExitCode);
        Assert.StartsWith("messngr send: NOBODY@127.0.0.1: refused over smb to 127.0.0.1 (unverified): ", sent.Error, StringComparison.Ordinal);
        Assert.Equal(string.Empty, sent.Output);
    }

    [Fact]
    public void A_recipient_the_daemon_refuses_before_sending_gets_messngr_sends_own_usage_error()
    {
        // 16 characters: the daemon answers 400; messngr send then says it in its words.
        var sent = OneShotClient.Run(WithDaemon, "ABCDEFGHIJKLMNOP", "too long a name");
        var reference = Messngr(WithDaemon, "send", "ABCDEFGHIJKLMNOP", "too long a name");
        Assert.Equal(64, sent.ExitCode);
        Assert.Equal((reference.ExitCode, reference.Output, reference.Error), (sent.ExitCode, sent.Output, sent.Error));
    }

    [Fact]
    public void Without_a_daemon_it_is_messngr_send()
    {
        var none = new Dictionary<string, string> { ["MESSNGR_STATE_DIR"] = _empty };
        var sent = OneShotClient.Run(none, "--config", "/dev/null", "--session-port", _serve.Port.Session.ToString(CultureInfo.InvariantCulture),
            "--from", "alice", "HOSTB@127.0.0.1", "no daemon here");
        Assert.True(sent.ExitCode == 0, sent.Output + sent.Error);
        Assert.Contains("Message from alice to HOSTB", _serve.WaitForOutput("no daemon here", TimeSpan.FromSeconds(30)), StringComparison.Ordinal);

        // The plain form too, when no daemon answers: messngr send's own attempt (port 139, where nothing listens here).
        var plain = OneShotClient.Run(none, "HOSTB@127.0.0.1", "plain, no daemon");
        var reference = Messngr(none, "send", "HOSTB@127.0.0.1", "plain, no daemon");
        Assert.Equal((reference.ExitCode, reference.Output, reference.Error), (plain.ExitCode, plain.Output, plain.Error));
    }

    [Fact]
    public void A_plain_alert_goes_through_the_daemon_to_its_alert_names()
    {
        // --config /dev/null for messngr alert would find no alert names: only the daemon's path knows them.
        var sent = OneShotClient.Run(WithDaemon, "--alert", "UPS", "on", "battery");
        Assert.True(sent.ExitCode == 0, sent.Output + sent.Error);
        Assert.StartsWith("HOSTB@127.0.0.1: delivered over smb to 127.0.0.1 (unverified): ", sent.Output, StringComparison.Ordinal);
        Assert.Contains("Message from root to HOSTB", _serve.WaitForOutput("UPS on battery", TimeSpan.FromSeconds(30)), StringComparison.Ordinal);
    }

    [Fact]
    public void An_alert_with_options_is_messngr_alerts_own()
    {
        var none = new Dictionary<string, string>(WithDaemon) { ["MESSNGR_CONFIG"] = "/dev/null" };
        var sent = OneShotClient.Run(none, "--alert", "--priority", "low", "nobody to alert");
        var reference = Messngr(none, "alert", "--priority", "low", "nobody to alert");
        Assert.Equal(78, sent.ExitCode);
        Assert.Equal((reference.ExitCode, reference.Output, reference.Error), (sent.ExitCode, sent.Output, sent.Error));
    }
}
