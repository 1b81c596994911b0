using Messngr.Daemon.Options;

namespace Messngr.Daemon.Tests.Options;

/// <summary><c>alertmanager route</c> (issue #15, item 2): checked at start; a bad rule names the key, the value and the line.</summary>
public sealed class AlertmanagerRouteOptionTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("messngr-amroute-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private ServeOptions LoadFile(string body)
    {
        var path = Path.Combine(_dir, "messngr.conf");
        File.WriteAllText(path, body);
        return ServeOptionsLoader.Load(new Dictionary<string, string>(), new Dictionary<string, string>(), path, isRoot: false);
    }

    [Fact]
    public void Rules_are_read_in_order_from_the_config_file()
    {
        var routes = LoadFile("[global]\nalertmanager route = severity=critical,team=db -> DBA OPS; team=web -> WEB\n").AlertmanagerRoutes;

        Assert.Equal(2, routes.Count);
        Assert.Equal([new("severity", "critical"), new("team", "db")], routes[0].Match);
        Assert.Equal(["DBA", "OPS"], routes[0].Recipients);
        Assert.Equal(["WEB"], routes[1].Recipients);
    }

    [Fact]
    public void A_bad_rule_is_an_error_naming_the_key_the_value_and_the_line()
    {
        var error = Assert.Throws<ArgumentException>(() => LoadFile("[global]\nalert names = OPS\nalertmanager route = team=web -> WEB; team=db DBA\n"));

        Assert.Contains("messngr.conf:3", error.Message, StringComparison.Ordinal);
        Assert.Contains("'alertmanager route'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'team=db DBA'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void None_by_default()
    {
        Assert.Empty(LoadFile("[global]\n").AlertmanagerRoutes);
    }
}
