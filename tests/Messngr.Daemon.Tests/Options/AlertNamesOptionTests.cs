using Messngr.Daemon.Options;

namespace Messngr.Daemon.Tests.Options;

/// <summary><c>alert names</c> (issue #15, item 3): the Alerter's list, each a recipient as <c>messngr send</c> parses it.</summary>
public sealed class AlertNamesOptionTests
{
    private static ServeOptions Load(string value) =>
        ServeOptionsLoader.Load(new Dictionary<string, string> { ["alert-names"] = value }, new Dictionary<string, string>(), "/dev/null", isRoot: false);

    [Fact]
    public void Comma_and_space_separated_recipients_are_read_in_order()
    {
        Assert.Equal(["ADMIN", "OPS", "BOB@10.0.0.9", "/domain:LAB"], Load("ADMIN, OPS BOB@10.0.0.9,/domain:LAB").AlertNames);
    }

    [Fact]
    public void None_by_default()
    {
        Assert.Empty(ServeOptionsLoader.Load(new Dictionary<string, string>(), new Dictionary<string, string>(), "/dev/null", isRoot: false).AlertNames);
        Assert.Empty(Load("none").AlertNames);
    }

    [Fact]
    public void A_name_send_would_refuse_is_an_error_naming_the_key_and_the_value()
    {
        var error = Assert.Throws<ArgumentException>(() => Load("ADMIN, WAY-TOO-LONG-A-NETBIOS-NAME"));
        Assert.Contains("--alert-names", error.Message, StringComparison.Ordinal);
        Assert.Contains("'WAY-TOO-LONG-A-NETBIOS-NAME'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void At_most_32_names()
    {
        Assert.Equal(32, Load(string.Join(",", Enumerable.Range(1, 32).Select(i => $"N{i}"))).AlertNames.Count);
        var error = Assert.Throws<ArgumentException>(() => Load(string.Join(",", Enumerable.Range(1, 33).Select(i => $"N{i}"))));
        Assert.Contains("at most 32", error.Message, StringComparison.Ordinal);
    }
}
