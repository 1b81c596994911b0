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
    public void Node_status_users_is_off_by_default_and_set_by_flag_environment_or_file()
    {
        Assert.False(ServeOptionsLoader.Load(None(), None(), null, isRoot: true).NodeStatusUsers);
        Assert.True(ServeOptionsLoader.Load(new Dictionary<string, string> { ["node-status-users"] = "yes" }, None(), null, isRoot: true).NodeStatusUsers);
        Assert.True(ServeOptionsLoader.Load(None(), new Dictionary<string, string> { ["MESSNGR_NODE_STATUS_USERS"] = "yes" }, null, isRoot: true).NodeStatusUsers);
        Assert.True(ServeOptionsLoader.Load(None(), None(), Conf("[global]\n  node status users = yes\n"), isRoot: true).NodeStatusUsers);
        var error = Assert.Throws<ArgumentException>(() => ServeOptionsLoader.Load(new Dictionary<string, string> { ["node-status-users"] = "maybe" }, None(), null, isRoot: true));
        Assert.Contains("--node-status-users", error.Message, StringComparison.Ordinal);
    }
}
