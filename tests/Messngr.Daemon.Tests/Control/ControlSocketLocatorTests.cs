using Messngr.Cli.Control;

namespace Messngr.Daemon.Tests.Control;

public sealed class ControlSocketLocatorTests
{
    private static readonly Dictionary<string, string> NoFlags = new();
    private static readonly Dictionary<string, string> Home = new() { ["HOME"] = "/home/u" };

    private static Func<string, bool> Existing(params string[] paths) => p => paths.Contains(p);

    [Fact]
    public void The_flag_wins_over_the_environment()
    {
        var env = new Dictionary<string, string>(Home) { ["MESSNGR_STATE_DIR"] = "/env" };
        Assert.Equal("/flag/control.sock", ControlSocketLocator.Locate(new Dictionary<string, string> { ["state-dir"] = "/flag" }, env, isRoot: false, Existing()));
        Assert.Equal("/env/control.sock", ControlSocketLocator.Locate(NoFlags, env, isRoot: false, Existing("/var/lib/messngr/control.sock")));
    }

    [Fact]
    public void Root_uses_var_lib_messngr() =>
        Assert.Equal("/var/lib/messngr/control.sock", ControlSocketLocator.Locate(NoFlags, Home, isRoot: true, Existing()));

    [Fact]
    public void A_user_uses_their_own_daemon_when_it_runs()
    {
        var env = new Dictionary<string, string>(Home) { ["XDG_STATE_HOME"] = "/xdg" };
        Assert.Equal("/xdg/messngr/control.sock", ControlSocketLocator.Locate(NoFlags, env, isRoot: false, Existing("/xdg/messngr/control.sock", "/var/lib/messngr/control.sock")));
    }

    [Fact]
    public void A_user_without_a_daemon_of_their_own_talks_to_the_system_daemon() =>
        Assert.Equal("/var/lib/messngr/control.sock", ControlSocketLocator.Locate(NoFlags, Home, isRoot: false, Existing("/var/lib/messngr/control.sock")));

    [Fact]
    public void With_no_daemon_anywhere_a_user_is_told_about_their_own_socket() =>
        Assert.Equal("/home/u/.local/state/messngr/control.sock", ControlSocketLocator.Locate(NoFlags, Home, isRoot: false, Existing()));

    [Fact]
    public void The_state_dir_of_the_config_file_is_honoured_as_serve_honours_it()
    {
        var dir = Directory.CreateTempSubdirectory("messngr-loc-").FullName;
        try
        {
            var conf = Path.Combine(dir, "messngr.conf");
            File.WriteAllText(conf, "[global]\n  state dir = /srv/messngr\n");
            var env = new Dictionary<string, string>(Home) { ["MESSNGR_CONFIG"] = conf };
            Assert.Equal("/srv/messngr/control.sock", ControlSocketLocator.Locate(NoFlags, env, isRoot: false, File.Exists));
            File.WriteAllText(conf, "[global\n");
            Assert.Equal("/var/lib/messngr/control.sock", ControlSocketLocator.Locate(NoFlags, env, isRoot: true, File.Exists));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void A_relative_state_dir_is_resolved_against_the_working_directory_as_serve_resolves_it()
    {
        var expected = Path.Combine(Environment.CurrentDirectory, "rel", "control.sock");
        Assert.Equal(expected, ControlSocketLocator.Locate(new Dictionary<string, string> { ["state-dir"] = "rel" }, Home, isRoot: false, Existing()));
        Assert.Equal(expected, ControlSocketLocator.Locate(NoFlags, new Dictionary<string, string>(Home) { ["MESSNGR_STATE_DIR"] = "./rel" }, isRoot: false, Existing()));
    }
}
