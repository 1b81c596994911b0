using System.Text.RegularExpressions;
using Messngr.Daemon.Integrations;

namespace Messngr.Daemon.Tests.Integrations;

/// <summary>
/// Issue #15, item 8: the C client (src/messngr-send/messngr-send.c) keeps its own small table of
/// the integrations it relays — flag, command, argument count, the variables it forwards. It must
/// be the daemon's <see cref="RelayedIntegrations"/> exactly: a variable the client does not
/// forward would be missing from every relayed event, one the daemon does not read is a 400.
/// </summary>
public sealed partial class RelayedIntegrationTableTests
{
    [Fact]
    public void The_c_client_relays_exactly_the_daemons_integrations_with_their_variables()
    {
        var source = File.ReadAllText(RepositoryFiles.Path("src", "messngr-send", "messngr-send.c"));
        var rows = TableRow().Matches(source).Select(m => (
            Flag: m.Groups["flag"].Value,
            Name: m.Groups["name"].Value,
            Count: int.Parse(m.Groups["count"].Value, System.Globalization.CultureInfo.InvariantCulture),
            Variables: string.Join(",", QuotedName().Matches(m.Groups["variables"].Value).Select(v => v.Groups[1].Value)))).ToList();

        Assert.Equal(
            RelayedIntegrations.All.Select(i => ($"--{i.Name}", i.Name, i.ArgumentCount, string.Join(",", i.EnvironmentVariables))),
            rows);
    }

    /// <summary><c>{ "--upsmon-notify", "upsmon-notify", 1, { "NOTIFYTYPE", "UPSNAME", NULL } },</c></summary>
    [GeneratedRegex("""\{\s*"(?<flag>--[a-z-]+)",\s*"(?<name>[a-z-]+)",\s*(?<count>\d+),\s*\{(?<variables>[^}]*)\}\s*\}""")]
    private static partial Regex TableRow();

    [GeneratedRegex("\"([A-Z_]+)\"")]
    private static partial Regex QuotedName();
}
