using System.Net;
using Messngr.Daemon.Core;
using Messngr.Daemon.Hosting;
using Messngr.Daemon.Listeners;
using Messngr.Daemon.Names;
using Messngr.Daemon.Options;
using Messngr.Daemon.Policy;
using Messngr.Daemon.Sinks;
using Messngr.Daemon.Tests.Names;
using Microsoft.Extensions.Logging.Abstractions;

namespace Messngr.Daemon.Tests.Hosting;

/// <summary>
/// SIGHUP (issue #12, item 4): the configuration file is read again and what can change live is
/// applied — aliases, allow/deny, rate limits, tty and hook settings — while every other changed
/// key is reported as needing a restart and an invalid file changes nothing.
/// </summary>
public sealed class ConfigurationReloadTests : IAsyncLifetime
{
    private readonly string _dir = Directory.CreateTempSubdirectory("messngr-reload-").FullName;
    private readonly CapturingLogger _log = new();
    private readonly List<ServeOptions> _ttyBuilt = [];
    private readonly List<ServeOptions> _hookBuilt = [];
    private string _config = null!;
    private NameService _names = null!;
    private InboundPolicy _policy = null!;
    private InboundPolicy _listenerPolicy = null!;
    private ReplaceableSink _tty = null!;
    private ReplaceableSink _hook = null!;
    private ConfigurationReload _reload = null!;

    private const string Start = """
        [global]
          netbios name = HOSTB
          workgroup = LAB
          alias = OPS
          allow = 10.0.0.0/8
          tty bell = no
          hook = /bin/true
          hook timeout = 30
        """;

    public Task InitializeAsync()
    {
        _config = Path.Combine(_dir, "messngr.conf");
        File.WriteAllText(_config, Start);
        var options = Load();
        _names = new NameService(LocalNames.FromOptions(options), NameServiceSettings.FromOptions(options), null, new FakeInterfaces(), TimeProvider.System, NullLogger.Instance);
        _names.Start(null); // names are held locally at once
        _policy = new InboundPolicy(options.Allow, options.Deny, new RateLimiter(options.RateLimitPerSource, options.GlobalRateLimit), new ListenerCounters(), () => []);
        _listenerPolicy = _policy.ForListener();
        _tty = new ReplaceableSink(TtySink.SinkName, new FakeSink());
        _hook = new ReplaceableSink(ExecHookSink.SinkName, new FakeSink());
        _reload = Reload(hookLive: true, options);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _names.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    private ServeOptions Load() => ServeOptionsLoader.Load(new Dictionary<string, string>(), new Dictionary<string, string> { ["HOME"] = _dir }, _config, isRoot: false);

    private ConfigurationReload Reload(bool hookLive, ServeOptions options) => new(options, _policy, _names, _tty, o => Built(_ttyBuilt, o, o.TtyEnabled),
        _hook, hookLive ? o => Built(_hookBuilt, o, o.Hook is not null) : null, _log);

    private static FakeSink? Built(List<ServeOptions> built, ServeOptions options, bool enabled)
    {
        built.Add(options);
        return enabled ? new FakeSink() : null;
    }

    private Task<int?> ReloadWith(string config)
    {
        File.WriteAllText(_config, config);
        return _reload.ApplyAsync(Load, CancellationToken.None);
    }

    private IEnumerable<string> RegisteredAliases() =>
        _names.Snapshot().Where(n => n.Kind == NameKind.Alias && n.State == NameState.Registered).Select(n => n.Name.Trim());

    [Fact]
    public async Task A_denied_network_is_refused_by_every_listener_after_the_reload()
    {
        var source = IPAddress.Parse("10.1.2.3");
        Assert.True(_listenerPolicy.Admit(source));

        var applied = await ReloadWith(Start + "\n  deny = 10.1.0.0/16\n");

        Assert.Equal(1, applied);
        Assert.False(_listenerPolicy.Admit(source));
        Assert.False(_policy.IsAllowed(source));
        Assert.Contains("reloaded configuration: 1 changes applied", _log.Lines);
    }

    [Fact]
    public async Task A_narrower_allow_list_applies_at_once()
    {
        var applied = await ReloadWith(Start.Replace("allow = 10.0.0.0/8", "allow = 10.9.0.0/16", StringComparison.Ordinal));

        Assert.Equal(1, applied);
        Assert.False(_listenerPolicy.Admit(IPAddress.Parse("10.1.2.3")));
        Assert.True(_listenerPolicy.Admit(IPAddress.Parse("10.9.2.3")));
    }

    [Fact]
    public async Task A_lower_rate_limit_applies_to_every_listener()
    {
        var source = IPAddress.Parse("10.1.2.3");

        Assert.Equal(1, await ReloadWith(Start + "\n  rate limit = 1\n"));

        // Burst twice the rate: two packets, then refused (the old limit of 100 had 200).
        Assert.True(_listenerPolicy.Admit(source));
        Assert.True(_listenerPolicy.Admit(source));
        Assert.False(_listenerPolicy.Admit(source));
    }

    [Fact]
    public async Task An_added_alias_is_registered_and_a_removed_one_released()
    {
        await _names.AddAsync("OPS", NameKind.Alias, null, CancellationToken.None); // as the daemon does at start from the options
        await _names.AddAsync("BOBS", NameKind.Alias, 1000, CancellationToken.None); // added by a user: not the configuration's
        Assert.Contains("OPS", RegisteredAliases());

        var applied = await ReloadWith(Start.Replace("alias = OPS", "alias = HELPDESK", StringComparison.Ordinal));

        Assert.Equal(1, applied);
        Assert.Equal(["BOBS", "HELPDESK"], RegisteredAliases().Order());
        Assert.Equal(["HELPDESK"], _reload.Current.Aliases);
    }

    [Fact]
    public async Task Tty_settings_rebuild_the_terminal_sink_in_its_slot()
    {
        var before = _tty.Current;

        Assert.Equal(1, await ReloadWith(Start.Replace("tty bell = no", "tty bell = yes", StringComparison.Ordinal)));
        Assert.True(Assert.Single(_ttyBuilt).Tty.Bell);
        Assert.NotSame(before, _tty.Current);
        Assert.True(((FakeSink)before!).Disposed);

        Assert.Equal(1, await ReloadWith(Start.Replace("tty bell = no", "tty bell = yes\n  tty = no", StringComparison.Ordinal)));
        Assert.Null(_tty.Current);
    }

    [Fact]
    public async Task Hook_settings_rebuild_the_hook_sink_when_the_daemon_runs_hooks_itself()
    {
        Assert.Equal(1, await ReloadWith(Start.Replace("hook timeout = 30", "hook timeout = 5", StringComparison.Ordinal)));

        Assert.Equal(TimeSpan.FromSeconds(5), Assert.Single(_hookBuilt).Hook!.Timeout);
        Assert.Equal(TimeSpan.FromSeconds(5), _reload.Current.Hook!.Timeout);
    }

    [Fact]
    public async Task Hook_settings_need_a_restart_when_a_root_launcher_runs_the_hooks()
    {
        _reload = Reload(hookLive: false, Load());

        Assert.Equal(0, await ReloadWith(Start.Replace("hook = /bin/true", "hook = /bin/false", StringComparison.Ordinal)));

        Assert.Empty(_hookBuilt);
        Assert.Contains("hook changed: needs a restart", _log.Lines);
        Assert.Equal("/bin/true", _reload.Current.Hook!.Command[0]);
    }

    [Fact]
    public async Task Alert_names_and_alertmanager_routes_apply_at_once_where_the_api_and_the_receiver_read_them()
    {
        var routings = new List<Messngr.Daemon.Alertmanager.AlertmanagerRouting>();
        _reload = new ConfigurationReload(Load(), _policy, _names, _tty, o => Built(_ttyBuilt, o, o.TtyEnabled), _hook, null, _log) { AlertRoutingChanged = routings.Add };

        var applied = await ReloadWith(Start + "\n  alert names = ADMIN, OPS\n  alertmanager route = team=db -> DBA\n");

        Assert.Equal(2, applied);
        Assert.DoesNotContain(_log.Lines, l => l.EndsWith("needs a restart", StringComparison.Ordinal));
        var routing = Assert.Single(routings);
        Assert.Equal(["ADMIN", "OPS"], routing.AlertNames);
        Assert.Equal(["DBA"], routing.RecipientsFor(new Dictionary<string, string> { ["team"] = "db" }));
        Assert.Equal(["ADMIN", "OPS"], routing.RecipientsFor(new Dictionary<string, string> { ["team"] = "web" }));
        Assert.Equal(["ADMIN", "OPS"], _reload.Current.AlertNames);

        Assert.Equal(0, await ReloadWith(Start + "\n  alert names = ADMIN, OPS\n  alertmanager route = team=db -> DBA\n"));
        Assert.Single(routings); // unchanged: not handed over again
    }

    [Fact]
    public async Task A_key_that_cannot_change_live_is_reported_and_keeps_its_running_value()
    {
        var applied = await ReloadWith(Start.Replace("workgroup = LAB", "workgroup = OTHER", StringComparison.Ordinal) + "\n  deny = 10.1.0.0/16\n");

        Assert.Equal(1, applied);
        Assert.Contains("workgroup changed: needs a restart", _log.Lines);
        Assert.Equal("LAB", _reload.Current.Workgroup);
        Assert.Contains("reloaded configuration: 1 changes applied", _log.Lines);
    }

    [Fact]
    public async Task An_invalid_configuration_is_logged_with_its_key_and_changes_nothing()
    {
        var applied = await ReloadWith(Start + "\n  deny = 10.1.0.0/16\n  rate limit = fast\n");

        Assert.Null(applied);
        var line = Assert.Single(_log.Lines, l => l.StartsWith("configuration not reloaded", StringComparison.Ordinal));
        Assert.Contains("'rate limit'", line, StringComparison.Ordinal);
        Assert.Contains("'fast'", line, StringComparison.Ordinal);
        Assert.True(_listenerPolicy.Admit(IPAddress.Parse("10.1.2.3"))); // the deny was not applied either
        Assert.DoesNotContain(_log.Lines, l => l.StartsWith("reloaded", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Settings_a_new_sink_refuses_change_nothing()
    {
        var reload = new ConfigurationReload(Load(), _policy, _names, _tty, _ => throw new ArgumentException("tty write timeout must be at most 60 s"), _hook, null, _log);
        File.WriteAllText(_config, Start.Replace("tty bell = no", "tty bell = yes", StringComparison.Ordinal) + "\n  deny = 10.1.0.0/16\n");

        Assert.Null(await reload.ApplyAsync(Load, CancellationToken.None));
        Assert.Contains("configuration not reloaded, the running one is kept: tty write timeout must be at most 60 s", _log.Lines);
        Assert.True(_listenerPolicy.Admit(IPAddress.Parse("10.1.2.3")));
    }

    public static TheoryData<string> Keys() => [.. ServeOptionTable.Keys];

    [Theory]
    [MemberData(nameof(Keys))]
    public void Every_option_has_a_value_the_reload_compares(string key)
    {
        var option = ServeOptionTable.Find(key)!;
        var context = key.StartsWith("hook-", StringComparison.Ordinal) ? new Dictionary<string, string> { ["hook"] = "/bin/true" }
            : key == "api-tls-key" ? new Dictionary<string, string> { ["api-tls-certificate"] = "/etc/messngr/api-cert.pem" } // a key needs its certificate (issue #15, item 1)
            : new Dictionary<string, string>();
        var baseline = ServeOptionsLoader.Load(context, new Dictionary<string, string> { ["HOME"] = _dir }, "/dev/null", isRoot: false);
        var changed = ServeOptionsLoader.Load(new Dictionary<string, string>(context) { [key] = Options.ServeOptionTableTests.UsableSample(option, _dir) }, new Dictionary<string, string> { ["HOME"] = _dir }, "/dev/null", isRoot: false);

        Assert.NotEqual(ServeOptionValues.Of(baseline, key), ServeOptionValues.Of(changed, key));
    }

    private sealed class FakeSink : IMessageSink, IAsyncDisposable
    {
        public bool Disposed { get; private set; }

        public string Name => "fake";

        public ValueTask DeliverAsync(ReceivedMessage message, CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public ValueTask DisposeAsync()
        {
            Disposed = true;
            return ValueTask.CompletedTask;
        }
    }
}
