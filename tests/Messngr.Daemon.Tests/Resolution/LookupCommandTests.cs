using System.Net.NetworkInformation;
using System.Text.Json;
using Messngr.Cli;
using Messngr.Cli.Commands;
using Messngr.Cli.Control;
using Messngr.Wire.NetBios;
using Messngr.Wire.NetBios.NameService;

namespace Messngr.Daemon.Tests.Resolution;

/// <summary><c>messngr lookup</c> run in-process: output formats, exit codes, one-line errors. Only lmhosts and loopback are used.</summary>
public sealed class LookupCommandTests : IDisposable
{
    private readonly string _lmhosts = Path.GetTempFileName();
    private readonly StringWriter _out = new();
    private readonly StringWriter _error = new();

    public LookupCommandTests() => File.WriteAllText(_lmhosts, "10.99.0.12 HOSTB#03\n10.99.0.11 HOSTA\n");

    public void Dispose()
    {
        File.Delete(_lmhosts);
        _out.Dispose();
        _error.Dispose();
    }

    private Task<int> Run(params string[] args) =>
        LookupCommand.RunAsync(args, new CommandContext(_out, _error, new Dictionary<string, string>(), false), CancellationToken.None);

    [Fact]
    public async Task Found_name_prints_nmblookup_lines_and_the_method()
    {
        var code = await Run("HOSTB", "--resolve-order", "lmhosts", "--lmhosts", _lmhosts);
        Assert.Equal(ExitCodes.Ok, code);
        Assert.Equal("10.99.0.12 HOSTB<03>\n(found by lmhosts)\n", _out.ToString());
        Assert.Empty(_error.ToString());
    }

    [Fact]
    public async Task Json_has_name_suffix_addresses_method_group_and_steps()
    {
        var code = await Run("hosta#20", "--json", "--resolve-order", "lmhosts", "--lmhosts", _lmhosts);
        Assert.Equal(ExitCodes.Ok, code);
        var json = JsonDocument.Parse(_out.ToString()).RootElement;
        Assert.Equal("HOSTA", json.GetProperty("name").GetString());
        Assert.Equal(0x20, json.GetProperty("suffix").GetInt32());
        Assert.Equal(["10.99.0.11"], json.GetProperty("addresses").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal("lmhosts", json.GetProperty("method").GetString());
        Assert.False(json.GetProperty("group").GetBoolean());
        Assert.Single(json.GetProperty("steps").EnumerateArray());
    }

    [Fact]
    public async Task Name_nobody_has_exits_68_with_one_line_naming_each_method()
    {
        var code = await Run("NOBODY", "--resolve-order", "lmhosts,wins", "--lmhosts", _lmhosts);
        Assert.Equal(ExitCodes.NameNotFound, code);
        Assert.Equal(68, code);
        Assert.Empty(_out.ToString());
        var error = _error.ToString();
        Assert.Equal(
            $"messngr lookup: NOBODY<03> not found (lmhosts {_lmhosts}: no entry for NOBODY<03>; wins: skipped (no WINS server configured))\n",
            error);
    }

    [Theory]
    [InlineData("HOSTB#zz")]
    [InlineData("HOSTB#123")]
    [InlineData("#03")]
    [InlineData("*")]
    [InlineData("SIXTEENCHARSLONG")]
    [InlineData("--resolve-order=bogus", "X")]
    [InlineData("--timeout", "-1", "X")]
    [InlineData("-A")]
    [InlineData("-A", "HOSTB")]
    [InlineData("A", "B")]
    public async Task Bad_command_lines_are_usage_errors(params string[] args)
    {
        var ex = await Assert.ThrowsAsync<UsageException>(() => Run(args));
        Assert.StartsWith("lookup: ", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("\n", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Literal_address_needs_no_lookup()
    {
        Assert.Equal(ExitCodes.Ok, await Run("10.1.2.3", "--resolve-order", "wins"));
        Assert.StartsWith("10.1.2.3 10.1.2.3\n", _out.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Node_status_prints_the_table_like_nmblookup()
    {
        NodeStatusName[] table =
        [
            new(NetBiosName.Create("HOSTB", 0x00), NodeNameFlags.Create(false, NbnsNodeType.BNode)),
            new(NetBiosName.Create("LAB", 0x1E), NodeNameFlags.Create(true, NbnsNodeType.BNode, conflict: true)),
        ];
        var mac = PhysicalAddress.Parse("52-54-00-AB-CD-EF");
        using var peer = new NbnsResponder((q, _) => [NbnsPackets.NodeStatusResponse(q.TransactionId, NetBiosName.Wildcard, table, new NodeStatistics { UnitId = mac }).ToArray()]);
        var code = await Run("-A", "127.0.0.1", "--name-service-port", peer.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(ExitCodes.Ok, code);
        Assert.Equal(
            "Looking up status of 127.0.0.1\n" +
            "\tHOSTB           <00> -         B <ACTIVE> \n" +
            "\tLAB             <1e> - <GROUP> B <CONFLICT> <ACTIVE> \n" +
            "\n\tMAC Address = 52-54-00-AB-CD-EF\n",
            _out.ToString());

        _out.GetStringBuilder().Clear();
        Assert.Equal(ExitCodes.Ok, await Run("-A", "127.0.0.1", "--json", "--name-service-port", peer.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        var json = JsonDocument.Parse(_out.ToString()).RootElement;
        Assert.Equal("52-54-00-AB-CD-EF", json.GetProperty("mac").GetString());
        var lab = json.GetProperty("names")[1];
        Assert.Equal("LAB", lab.GetProperty("name").GetString());
        Assert.Equal(0x1E, lab.GetProperty("suffix").GetInt32());
        Assert.True(lab.GetProperty("group").GetBoolean());
        Assert.Equal(["CONFLICT", "ACTIVE"], lab.GetProperty("flags").EnumerateArray().Select(f => f.GetString()));
    }

    [Fact]
    public async Task Node_status_without_reply_exits_69_with_one_line()
    {
        using var peer = new NbnsResponder((_, _) => []);
        var code = await Run("-A", "127.0.0.1", "--timeout", "0.3", "--name-service-port", peer.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(ExitCodes.Unavailable, code);
        Assert.Equal("messngr lookup: 127.0.0.1: no node status reply in 0.3 s\n", _error.ToString());
    }

    [Fact]
    public async Task Help_lists_the_options_and_exit_codes()
    {
        Assert.Equal(ExitCodes.Ok, await Run("--help"));
        Assert.Contains("--resolve-order", _out.ToString(), StringComparison.Ordinal);
        Assert.Contains("68 name not found", _out.ToString(), StringComparison.Ordinal);
    }
}
