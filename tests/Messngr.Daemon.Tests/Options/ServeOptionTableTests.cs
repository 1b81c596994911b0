using Messngr.Daemon.Store;
using Messngr.Daemon.Options;

namespace Messngr.Daemon.Tests.Options;

/// <summary>The option table is the one list of serve's settings: every entry is read in each of its spellings, and the README documents each.</summary>
public sealed class ServeOptionTableTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("messngr-table-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    public static TheoryData<string> Keys() => [.. ServeOptionTable.Keys];

    // Settings that only count together with another one.
    private static Dictionary<string, string> Context(string key) =>
        key.StartsWith("hook-", StringComparison.Ordinal) ? new() { ["hook"] = "/bin/true" }
        : key == "api-tls-key" ? new() { ["api-tls-certificate"] = "/etc/messngr/api-cert.pem" }
        : new();

    private static string Describe(ServeOptions o) =>
        string.Join("|", o.NetBiosName, o.Workgroup, string.Join(",", o.Aliases), o.BindAddress, o.StateDirectory, o.WinsServer, o.CodePage,
            o.NameServiceEnabled, o.DatagramServiceEnabled, o.SessionServiceEnabled, o.RpcEnabled,
            o.NameServicePort, o.DatagramServicePort, o.SessionServicePort, o.RpcPort, o.NativePort,
            string.Join(",", o.Allow), string.Join(",", o.Deny), o.RateLimitPerSource, o.GlobalRateLimit,
            o.TtyEnabled, o.Tty, o.Limits, o.MaxAliasesPerUser, o.MaxMessages, o.MaxAge, o.NodeStatusUsers, o.NetBiosScope, o.NameReleaseOnDemand, o.Hook is { } h ? $"{string.Join(" ", h.Command)};{h.Timeout};{h.MaxConcurrent};{h.QueueCapacity};{h.RunAsUser}" : "no hook", o.User, o.LogLevel, o.TrustCaFile, o.TrustOnFirstUse,
            o.DiscoveryEnabled, string.Join(",", o.NativePeers), o.OutboxExpiry, o.StoreSync, o.WebListen, string.Join(",", o.AlertNames), o.ApiListen, o.LogFormat, o.MetricsListen, string.Join(";", o.AlertmanagerRoutes.Select(r => r.Text)));

    private static ServeOptions Load(Dictionary<string, string> flags, Dictionary<string, string> environment, string? config) =>
        ServeOptionsLoader.Load(flags, environment, config ?? "/dev/null", isRoot: false);

    /// <summary>
    /// The option's sample as a value the loader accepts here: <c>trust ca</c> is read at load, so
    /// a real CA certificate is made in <paramref name="dir"/> (a test's own directory, never a
    /// shared path in /tmp) under the sample's file name.
    /// </summary>
    internal static string UsableSample(ServeOption option, string dir)
    {
        if (option.Key != "trust-ca")
        {
            return option.Sample;
        }

        var caDir = Path.Combine(dir, "sample-ca");
        if (!Directory.Exists(caDir))
        {
            Messngr.Daemon.Native.WorkgroupCa.Init(caDir, DateTimeOffset.UtcNow).Dispose();
        }

        return Path.Combine(caDir, Path.GetFileName(option.Sample));
    }

    [Theory]
    [MemberData(nameof(Keys))]
    public void Each_option_is_read_from_its_flag_its_environment_variable_and_its_config_key(string key)
    {
        var option = ServeOptionTable.Find(key)!;
        var env = new Dictionary<string, string> { ["HOME"] = "/home/u" };
        var sample = UsableSample(option, _dir);

        var baseline = Describe(Load(Context(key), env, null));

        var byFlag = Describe(Load(new(Context(key)) { [key] = sample }, env, null));
        var byEnvironment = Describe(Load(Context(key), new(env) { [option.EnvironmentName] = sample }, null));
        var file = Path.Combine(_dir, key + ".conf");
        File.WriteAllText(file, $"[global]\n  {option.FileKey} = {sample}\n");
        var byFile = Describe(Load(Context(key), env, file));

        Assert.NotEqual(baseline, byFlag);
        Assert.Equal(byFlag, byEnvironment);
        Assert.Equal(byFlag, byFile);
    }

    [Theory]
    [InlineData("host name")]
    [InlineData("10.0.0.5:0")]
    [InlineData("10.0.0.5:70000")]
    [InlineData("a/b")]
    public void A_native_peer_that_is_not_host_and_port_is_refused(string value)
    {
        var error = Assert.Throws<ArgumentException>(() => Load(new() { ["native-peers"] = value }, [], null));
        Assert.Contains("HOST[:PORT]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Native_peers_default_to_port_2426_and_discovery_to_on()
    {
        var options = Load(new() { ["native-peers"] = "10.0.0.5, Far.Example:2500" }, [], null);
        Assert.Equal([("10.0.0.5", (ushort)2426), ("far.example", (ushort)2500)], options.NativePeers);
        Assert.True(options.DiscoveryEnabled);
    }

    [Theory]
    [InlineData(null, 86_400)]
    [InlineData("90", 90)]
    [InlineData("30s", 30)]
    [InlineData("15m", 900)]
    [InlineData("2h", 7200)]
    [InlineData("1.5d", 129_600)]
    public void Outbox_expiry_defaults_to_a_day_and_takes_seconds_or_a_unit(string? value, int seconds)
    {
        var options = Load(value is null ? new() : new() { ["outbox-expiry"] = value }, [], null);
        Assert.Equal(TimeSpan.FromSeconds(seconds), options.OutboxExpiry);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-5m")]
    [InlineData("1w")]
    [InlineData("366d")]
    [InlineData("soon")]
    public void An_outbox_expiry_that_is_not_a_duration_is_refused_by_name(string value)
    {
        var error = Assert.Throws<ArgumentException>(() => Load(new() { ["outbox-expiry"] = value }, [], null));
        Assert.Contains("outbox-expiry", error.Message, StringComparison.Ordinal);
        Assert.Contains("is not a duration", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, StoreSync.Full)]
    [InlineData("full", StoreSync.Full)]
    [InlineData("NORMAL", StoreSync.Normal)]
    public void Store_sync_defaults_to_full(string? value, StoreSync expected)
    {
        var options = Load(value is null ? new() : new() { ["store-sync"] = value }, [], null);
        Assert.Equal(expected, options.StoreSync);
    }

    [Fact]
    public void A_store_sync_mode_that_is_not_full_or_normal_is_refused_by_name()
    {
        var error = Assert.Throws<ArgumentException>(() => Load(new() { ["store-sync"] = "off" }, [], null));
        Assert.Contains("store-sync", error.Message, StringComparison.Ordinal);
        Assert.Contains("is not a store sync mode (full or normal)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_config_key_not_in_the_table_is_refused_by_name()
    {
        var file = Path.Combine(_dir, "bad.conf");
        File.WriteAllText(file, "[global]\n  netbios nmae = X\n");
        var error = Assert.Throws<ArgumentException>(() => Load(new(), new(), file));
        Assert.Contains("unknown key", error.Message, StringComparison.Ordinal);
        Assert.Contains("nmae", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_README_options_table_has_a_row_for_each_option_with_its_three_spellings()
    {
        var readme = File.ReadAllLines(Path.Combine(RepositoryFiles.Root(), "README.md"));
        foreach (var option in ServeOptionTable.All)
        {
            var flag = option.IsSwitch ? $"`--[no-]{option.Key}`" : $"`--{option.Key} ";
            var row = readme.FirstOrDefault(l => l.StartsWith("| " + flag, StringComparison.Ordinal));
            Assert.True(row is not null, $"README has no options row for --{option.Key}");
            Assert.Contains($"`{option.EnvironmentName}`", row, StringComparison.Ordinal);
            Assert.Contains($"`{option.FileKey}`", row, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Every_row_of_the_README_options_table_is_an_option_with_the_tables_default()
    {
        // Issue #15, item 5: every documented key is one serve reads (and config check judges), with its default as the table has it.
        var rows = File.ReadAllLines(Path.Combine(RepositoryFiles.Root(), "README.md"))
            .Where(l => l.StartsWith("| `--", StringComparison.Ordinal) && l.Contains("| `MESSNGR_", StringComparison.Ordinal));
        foreach (var row in rows)
        {
            var cells = row.Split(" | ");
            var key = cells[0].TrimStart('|', ' ', '`').Replace("--[no-]", string.Empty, StringComparison.Ordinal).TrimStart('-').Split(' ', '`')[0];
            if (key == "config")
            {
                continue; // names the file itself: a command-line and environment setting only
            }

            var option = ServeOptionTable.Find(key);
            Assert.True(option is not null, $"README documents --{key}, which serve does not read");
            Assert.Equal(option.Default, cells[3].Trim('`'));
        }
    }
}
