using System.Net;
using System.Net.Sockets;
using Messngr.Cli;
using Messngr.Cli.Commands;
using Messngr.Cli.Control;
using Messngr.Daemon.Control;
using Messngr.Daemon.Options;
using Messngr.Daemon.Tests.Control;
using Messngr.Wire.NetBios;
using Messngr.Wire.Smb1.Mailslot;

namespace Messngr.Daemon.Tests.Sending;

/// <summary>
/// Issue #12, item 9: send's own names (the calling name and the workgroup of * and /domain) are
/// the machine's — the running daemon's, then the config file's, then serve's defaults — and the
/// configuration holds no surprise: daemon-only keys are not send's business, a bad value of a key
/// send uses is a configuration error (78, one line naming key, value and file), never a usage error.
/// </summary>
public sealed class SendConfigurationTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("messngr-sendconf-").FullName;
    private readonly StringWriter _out = new();
    private readonly StringWriter _error = new();

    public void Dispose()
    {
        _out.Dispose();
        _error.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private string Config(string text)
    {
        var path = Path.Combine(_directory, $"messngr-{Guid.NewGuid():N}.conf");
        File.WriteAllText(path, "[global]\n" + text);
        return path;
    }

    /// <summary>A state directory no daemon runs in.</summary>
    private string NoDaemon => Directory.CreateDirectory(Path.Combine(_directory, "state")).FullName;

    private CommandContext Context(Dictionary<string, string>? environment = null) => new(_out, _error, environment ?? [], IsRoot: false);

    private Task<SendStack> Stack(CommandContext context, params string[] args) =>
        SendStack.CreateAsync(SendArguments.Parse([.. args, "*", "hi"]), context, CancellationToken.None);

    private Task<int> Send(CommandContext context, params string[] args) =>
        SendCommand.RunAsync(args, context, () => TextReader.Null, inputRedirected: true, CancellationToken.None);

    [Fact]
    public async Task Star_goes_to_the_running_daemons_workgroup_from_its_computer_name_not_the_config_files()
    {
        await using var f = await ControlServerFixture.StartAsync(); // the daemon is HOSTB in LAB
        var config = Config("workgroup = FILEWG\nnetbios name = FILEHOST\n");
        using var sniffer = new UdpClient(new IPEndPoint(IPAddress.Any, 0));
        var port = ((IPEndPoint)sniffer.Client.LocalEndPoint!).Port;

        // The real command line; the broadcast goes to lo's 127.255.255.255 on the sniffer's port.
        var exit = await Send(Context(), "--config", config, "--state-dir", f.StateDirectory, "--interface", "127.0.0.1",
            "--datagram-port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "*", "server down in 5 min");

        Assert.True(exit == ExitCodes.Ok, _error.ToString());
        var bytes = (await sniffer.ReceiveAsync().WaitAsync(TimeSpan.FromSeconds(30))).Buffer;
        Assert.True(MessengerDatagram.TryParse(bytes, out var datagram, out var error), error.ToString());
        Assert.Equal(NetBiosName.Create("LAB", 0), datagram.Datagram.DestinationName);
        Assert.Equal(NetBiosName.Create("HOSTB", 0), datagram.Datagram.SourceName);
    }

    [Fact]
    public async Task Without_a_daemon_the_config_files_names_are_used()
    {
        var stack = await Stack(Context(), "--config", Config("workgroup = filewg\nnetbios name = FILEHOST\n"), "--state-dir", NoDaemon);
        Assert.Equal(("FILEHOST", "FILEWG"), (stack.Settings.ComputerName, stack.Settings.Workgroup));
    }

    [Fact]
    public async Task A_stale_daemon_socket_falls_back_to_the_config_file()
    {
        var state = NoDaemon;
        StaleSocket.Create(ControlServer.SocketPathFor(state));
        var stack = await Stack(Context(), "--config", Config("workgroup = FILEWG\n"), "--state-dir", state);
        Assert.Equal("FILEWG", stack.Settings.Workgroup);
    }

    [Fact]
    public async Task With_neither_send_uses_the_documented_defaults_the_host_name_and_WORKGROUP()
    {
        var stack = await Stack(Context(), "--config", Config(string.Empty), "--state-dir", NoDaemon);
        Assert.Equal((ServeOptionsLoader.DefaultNetBiosName(), "WORKGROUP"), (stack.Settings.ComputerName, stack.Settings.Workgroup));
    }

    [Fact]
    public async Task Flags_and_MESSNGR_variables_beat_the_daemon()
    {
        await using var f = await ControlServerFixture.StartAsync();
        var stack = await Stack(Context(new() { ["MESSNGR_NETBIOS_NAME"] = "envhost" }), "--config", Config(string.Empty), "--state-dir", f.StateDirectory, "--workgroup", "FLAGWG");
        Assert.Equal(("ENVHOST", "FLAGWG"), (stack.Settings.ComputerName, stack.Settings.Workgroup));
        Assert.Empty(f.Daemon.Calls); // both given: the daemon is not even asked
    }

    [Fact]
    public async Task Invalid_daemon_only_keys_do_not_stop_send_or_lookup()
    {
        var config = Config("""
            workgroup = FILEWG
            hook = /bin/true
            hook concurrency = x
            max connections per host = banana
            rate limit = fast
            tty = maybe
            some future key = 1
            """);
        var environment = new Dictionary<string, string> { ["MESSNGR_GLOBAL_RATE_LIMIT"] = "lots" };

        var stack = await Stack(Context(environment), "--config", config, "--state-dir", NoDaemon);
        Assert.Equal("FILEWG", stack.Settings.Workgroup);
        Assert.Equal(ExitCodes.Ok, await LookupCommand.RunAsync(["--config", config, "--state-dir", NoDaemon, "127.0.0.1"], Context(environment), CancellationToken.None));
    }

    [Theory]
    [InlineData("workgroup = BAD*WG", ":2 'workgroup': 'BAD*WG' is not a valid NetBIOS name")]
    [InlineData("netbios name = toolongforanetbiosname", ":2 'netbios name': 'toolongforanetbiosname' is not a valid NetBIOS name")]
    [InlineData("code page = klingon", ":2 'code page': ")]
    [InlineData("wins server = nope", ":2 'wins server': 'nope' is not an IPv4 address")]
    [InlineData("[global\n", ":2: section header")]
    public async Task A_bad_value_of_a_key_send_uses_is_a_configuration_error_78_naming_key_value_and_file(string line, string expected)
    {
        var config = Config(line + "\n");
        Assert.Equal(ExitCodes.Config, await Send(Context(), "--config", config, "--state-dir", NoDaemon, "*", "hi"));
        var message = _error.ToString();
        Assert.StartsWith($"messngr send: {config}{expected}", message, StringComparison.Ordinal);
        Assert.Single(message.TrimEnd('\n').Split('\n'));
    }

    [Fact]
    public async Task A_bad_MESSNGR_variable_or_a_missing_named_config_file_is_78_too_and_a_bad_flag_stays_64()
    {
        Assert.Equal(ExitCodes.Config, await Send(Context(new() { ["MESSNGR_WORKGROUP"] = "BAD*WG" }), "--config", "/dev/null", "--state-dir", NoDaemon, "*", "hi"));
        Assert.StartsWith("messngr send: MESSNGR_WORKGROUP: 'BAD*WG' is not a valid NetBIOS name", _error.ToString(), StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Config, await Send(Context(), "--config", "/nonexistent/messngr.conf", "*", "hi"));
        Assert.Equal(ExitCodes.Config, await LookupCommand.RunAsync(["--config", "/nonexistent/messngr.conf", "127.0.0.1"], Context(), CancellationToken.None));

        var usage = await Assert.ThrowsAsync<UsageException>(() => Send(Context(), "--config", "/dev/null", "--state-dir", NoDaemon, "--workgroup", "BAD*WG", "*", "hi"));
        Assert.StartsWith("send: --workgroup: 'BAD*WG' is not a valid NetBIOS name", usage.Message, StringComparison.Ordinal);
    }
}
