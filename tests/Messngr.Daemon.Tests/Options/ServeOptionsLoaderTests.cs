using Messngr.Daemon.Options;

namespace Messngr.Daemon.Tests.Options;

public sealed class ServeOptionsLoaderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("messngr-opts-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static Dictionary<string, string> None() => new();

    private string Conf(string text)
    {
        var path = Path.Combine(_dir, "messngr.conf");
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void Defaults_need_no_file()
    {
        var options = ServeOptionsLoader.Load(None(), new Dictionary<string, string> { ["HOME"] = "/home/u" }, null, isRoot: false);
        Assert.Equal("WORKGROUP", options.Workgroup);
        Assert.Equal(137, options.NameServicePort);
        Assert.Equal(850, options.CodePage);
        Assert.Equal("/home/u/.local/state/messngr", options.StateDirectory);
        Assert.Equal(ServeOptionsLoader.DefaultNetBiosName(), options.NetBiosName);
    }

    [Fact]
    public void Max_aliases_messages_and_age_have_documented_defaults_and_are_read_from_each_layer()
    {
        var defaults = ServeOptionsLoader.Load(None(), None(), Conf("[global]\n"), isRoot: true);
        Assert.Equal((8, 100_000, TimeSpan.FromDays(90)), (defaults.MaxAliasesPerUser, defaults.MaxMessages, defaults.MaxAge));

        var conf = Conf("[global]\n  max aliases = 3\n  max age = 0\n");
        var options = ServeOptionsLoader.Load(new Dictionary<string, string> { ["max-messages"] = "500" }, new Dictionary<string, string> { ["MESSNGR_MAX_AGE"] = "7" }, conf, isRoot: true);
        Assert.Equal((3, 500, TimeSpan.FromDays(7)), (options.MaxAliasesPerUser, options.MaxMessages, options.MaxAge));

        var ex = Assert.Throws<ArgumentException>(() => ServeOptionsLoader.Load(new Dictionary<string, string> { ["max-age"] = "-1" }, None(), null, isRoot: true));
        Assert.Contains("--max-age", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'-1'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Root_keeps_state_in_var_lib() =>
        Assert.Equal("/var/lib/messngr", ServeOptionsLoader.DefaultStateDirectory(None(), isRoot: true));

    [Fact]
    public void Xdg_state_home_is_honoured() =>
        Assert.Equal("/x/messngr", ServeOptionsLoader.DefaultStateDirectory(new Dictionary<string, string> { ["XDG_STATE_HOME"] = "/x" }, isRoot: false));

    [Fact]
    public void Flags_override_environment_which_overrides_the_file()
    {
        var conf = Conf("[global]\n  netbios name = fromfile\n  workgroup = FILEWG\n  code page = 437\n  rpc = no\n");
        var env = new Dictionary<string, string> { ["MESSNGR_WORKGROUP"] = "envwg", ["MESSNGR_NETBIOS_NAME"] = "fromenv" };
        var flags = new Dictionary<string, string> { ["netbios-name"] = "fromflag" };
        var options = ServeOptionsLoader.Load(flags, env, conf, isRoot: true);
        Assert.Equal("FROMFLAG", options.NetBiosName);
        Assert.Equal("ENVWG", options.Workgroup);
        Assert.Equal(437, options.CodePage);
        Assert.False(options.RpcEnabled);
        Assert.True(options.SessionServiceEnabled);
    }

    [Fact]
    public void Bad_values_name_the_key_the_value_and_where_it_was_set()
    {
        var conf = Conf("# comment\n[global]\nname service port = 99999\n");
        var ex = Assert.Throws<ArgumentException>(() => ServeOptionsLoader.Load(None(), None(), conf, isRoot: true));
        Assert.Contains("messngr.conf:3", ex.Message, StringComparison.Ordinal);
        Assert.Contains("99999", ex.Message, StringComparison.Ordinal);

        ex = Assert.Throws<ArgumentException>(() => ServeOptionsLoader.Load(new Dictionary<string, string> { ["netbios-name"] = "much-too-long-name-x" }, None(), null, isRoot: true));
        Assert.Contains("--netbios-name", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_config_keys_are_refused()
    {
        var conf = Conf("[global]\nnetbios nmae = X\n");
        var ex = Assert.Throws<ArgumentException>(() => ServeOptionsLoader.Load(None(), None(), conf, isRoot: true));
        Assert.Contains("unknown key", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_named_config_file_that_is_missing_is_an_error() =>
        Assert.Throws<ArgumentException>(() => ServeOptionsLoader.Load(new Dictionary<string, string> { ["config"] = Path.Combine(_dir, "nope.conf") }, None(), null, isRoot: true));

    [Fact]
    public void Unrepresentable_names_are_refused_with_the_character()
    {
        var ex = Assert.Throws<ArgumentException>(() => ServeOptionsLoader.Load(new Dictionary<string, string> { ["netbios-name"] = "PC€" }, None(), null, isRoot: true));
        Assert.Contains("€", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Interface_accepts_an_address_or_an_interface_name()
    {
        Assert.Equal("127.0.0.1", ServeOptionsLoader.Load(new Dictionary<string, string> { ["interface"] = "lo" }, None(), null, isRoot: true).BindAddress.ToString());
        Assert.Equal("10.1.2.3", ServeOptionsLoader.Load(new Dictionary<string, string> { ["interface"] = "10.1.2.3" }, None(), null, isRoot: true).BindAddress.ToString());
        Assert.Throws<ArgumentException>(() => ServeOptionsLoader.Load(new Dictionary<string, string> { ["interface"] = "nosuch0" }, None(), null, isRoot: true));
    }

    [Fact]
    public void Max_connections_per_host_sets_the_session_limit_and_is_bounded()
    {
        Assert.Equal(8, ServeOptionsLoader.Load(None(), None(), Conf("[global]\n"), isRoot: true).Limits.MaxSessionConnectionsPerSource);
        var options = ServeOptionsLoader.Load(None(), None(), Conf("[global]\nmax connections per host = 20\n"), isRoot: true);
        Assert.Equal(20, options.Limits.MaxSessionConnectionsPerSource);
        Assert.Equal(64, options.Limits.MaxSessionConnections);
        var env = new Dictionary<string, string> { ["MESSNGR_MAX_CONNECTIONS_PER_HOST"] = "65" };
        var ex = Assert.Throws<ArgumentException>(() => ServeOptionsLoader.Load(None(), env, Conf("[global]\n"), isRoot: true));
        Assert.Contains("MESSNGR_MAX_CONNECTIONS_PER_HOST", ex.Message, StringComparison.Ordinal);
        Assert.Contains("1-64", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Node_status_users_is_off_by_default_and_set_by_flag_environment_or_file()
    {
        Assert.False(ServeOptionsLoader.Load(None(), None(), null, isRoot: true).NodeStatusUsers);
        Assert.True(ServeOptionsLoader.Load(new Dictionary<string, string> { ["node-status-users"] = "yes" }, None(), null, isRoot: true).NodeStatusUsers);
        Assert.True(ServeOptionsLoader.Load(None(), new Dictionary<string, string> { ["MESSNGR_NODE_STATUS_USERS"] = "yes" }, null, isRoot: true).NodeStatusUsers);
        Assert.True(ServeOptionsLoader.Load(None(), None(), Conf("[global]\n  node status users = yes\n"), isRoot: true).NodeStatusUsers);
        var error = Assert.Throws<ArgumentException>(() => ServeOptionsLoader.Load(new Dictionary<string, string> { ["node-status-users"] = "maybe" }, None(), null, isRoot: true));
        Assert.Contains("--node-status-users", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_relative_state_dir_is_made_absolute_against_the_working_directory_from_every_layer()
    {
        var expected = Path.Combine(Environment.CurrentDirectory, "rel", "state");
        Assert.Equal(expected, ServeOptionsLoader.Load(new Dictionary<string, string> { ["state-dir"] = "rel/state" }, None(), null, isRoot: true).StateDirectory);
        Assert.Equal(expected, ServeOptionsLoader.Load(None(), new Dictionary<string, string> { ["MESSNGR_STATE_DIR"] = "./rel/state" }, null, isRoot: true).StateDirectory);
        Assert.Equal(expected, ServeOptionsLoader.Load(None(), None(), Conf("[global]\nstate dir = rel//state/\n"), isRoot: true).StateDirectory.TrimEnd('/'));
    }

    [Fact]
    public void A_state_dir_whose_socket_path_exceeds_sun_path_is_refused_naming_path_and_limit()
    {
        var tooLong = "/srv/" + new string('s', 90); // + "/control.sock" = 109 bytes with the NUL
        var ex = Assert.Throws<ArgumentException>(() => ServeOptionsLoader.Load(new Dictionary<string, string> { ["state-dir"] = tooLong }, None(), null, isRoot: true));
        Assert.Equal($"the state directory {tooLong} (from --state-dir) is too long: its control socket {tooLong}/control.sock would need 109 bytes with its NUL, and a Unix socket path holds at most 108 (sun_path, unix(7)); choose a shorter path", ex.Message);

        var fits = tooLong[..^1];
        Assert.Equal(fits, ServeOptionsLoader.Load(new Dictionary<string, string> { ["state-dir"] = fits }, None(), null, isRoot: true).StateDirectory);
    }
}
