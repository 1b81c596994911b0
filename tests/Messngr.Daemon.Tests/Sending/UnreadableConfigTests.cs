using System.Net;
using System.Net.Sockets;
using Messngr.Daemon.Tests.Control;

namespace Messngr.Daemon.Tests.Sending;

/// <summary>
/// Issue #12, item 5 (client part): <c>send</c> and <c>lookup</c> run by a user who cannot read the
/// config file (0600 root's) crashed with a stack trace and exit 134. The real messngr binary runs
/// here as uid 65534 (setpriv); for the default path, /etc is an overlay in a private mount
/// namespace (unshare), so the host's /etc is never touched. Needs root (CI runs as root).
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class UnreadableConfigTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("messngr-unreadable-").FullName;
    private readonly string _config;

    public UnreadableConfigTests()
    {
        Assert.True(ControlServerFixture.OwnUid() == 0, "this test runs messngr as uid 65534 and needs root (CI runs as root)");
        File.SetUnixFileMode(_directory, (UnixFileMode)0b111_101_101);
        _config = Path.Combine(_directory, "messngr.conf");
        File.WriteAllText(_config, "[global]\nworkgroup = SECRETWG\n");
        File.SetUnixFileMode(_config, UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static string Messngr => PrivateEtcCommand.Messngr;

    [Theory]
    [InlineData("send", "bob@127.0.0.1", "hi")]
    [InlineData("lookup", "127.0.0.1", null)]
    public async Task A_named_config_file_the_user_cannot_read_exits_78_in_one_line(string command, string target, string? text)
    {
        string[] rest = text is null ? [target] : [target, text];
        var named = await RunAsync(null, [command, "--config", _config, .. rest]);
        Assert.Equal((78, $"messngr {command}: cannot read {_config} (Permission denied)\n"), (named.Exit, named.Error));

        var fromEnvironment = await RunAsync(null, ["env", $"MESSNGR_CONFIG={_config}", Messngr, command, .. rest], direct: false);
        Assert.Equal((78, $"messngr {command}: cannot read {_config} (Permission denied)\n"), (fromEnvironment.Exit, fromEnvironment.Error));
    }

    [Fact]
    public async Task An_unreadable_default_config_file_is_a_warning_and_the_commands_go_on_with_the_defaults()
    {
        var lookup = await RunAsync(_config, ["lookup", "127.0.0.1"]);
        Assert.Equal((0, "messngr lookup: cannot read /etc/messngr/messngr.conf (Permission denied); using defaults\n"), (lookup.Exit, lookup.Error));
        Assert.StartsWith("127.0.0.1 ", lookup.Output, StringComparison.Ordinal);

        // Nothing listens on the port: the send goes on past the configuration and ends as unreachable (69).
        var send = await RunAsync(_config, ["send", "--transport", "smb", "--session-port", ClosedTcpPort().ToString(System.Globalization.CultureInfo.InvariantCulture), "bob@127.0.0.1", "hi"]);
        var lines = send.Error.TrimEnd('\n').Split('\n');
        Assert.True(send.Exit == 69, send.Error);
        Assert.Equal("messngr send: cannot read /etc/messngr/messngr.conf (Permission denied); using defaults", lines[0]);
        Assert.Equal(2, lines.Length);
    }

    /// <summary>Runs messngr (or, with <paramref name="direct"/> false, the program in <paramref name="args"/>) as uid 65534; with <paramref name="defaultConfig"/>, that file is /etc/messngr/messngr.conf, 0600 root's.</summary>
    private Task<(int Exit, string Output, string Error)> RunAsync(string? defaultConfig, string[] args, bool direct = true) =>
        PrivateEtcCommand.RunAsync(
            _directory,
            defaultConfig is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["/etc/messngr/messngr.conf"] = defaultConfig },
            asNobody: true,
            direct ? [Messngr, .. args] : args);

    private static int ClosedTcpPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
