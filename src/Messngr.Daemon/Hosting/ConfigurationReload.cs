using Messngr.Daemon.Core;
using Messngr.Daemon.Names;
using Messngr.Daemon.Options;
using Messngr.Daemon.Policy;
using Messngr.Daemon.Sinks;
using Microsoft.Extensions.Logging;

namespace Messngr.Daemon.Hosting;

/// <summary>
/// SIGHUP, as daemons here do (issue #12, item 4): the configuration is loaded again from the same
/// command line, environment and config file. What can change while running is applied — the
/// configured aliases (added ones registered, removed ones released), allow/deny and the rate
/// limits (<see cref="InboundPolicy.Reload"/>), the terminal and hook settings (their sinks are
/// rebuilt in their slots, <see cref="ReplaceableSink"/>), <c>alert names</c> and <c>alertmanager
/// route</c> (handed to <see cref="AlertRoutingChanged"/>, issue #15, item 3); every other changed key is logged as
/// needing a restart and keeps its running value. A configuration that does not load is logged
/// with its reason and the running one is kept.
/// <para>
/// The hook changes live only when the daemon runs it itself: a daemon that dropped root runs
/// hooks through a launcher that took its settings once, as root (<c>HookLaunchSettings</c>), so
/// the unprivileged daemon can never choose which program runs as whom; there the hook keys need
/// a restart.
/// </para>
/// </summary>
internal sealed class ConfigurationReload
{
    private static readonly string[] TtyKeys = ["tty", "tty-bell", "tty-write-timeout", "tty-charset"];

    private static readonly string[] HookKeys = ["hook", "hook-timeout", "hook-concurrency", "hook-queue", "hook-user"];

    private static readonly string[] PolicyKeys = ["allow", "deny", "rate-limit", "global-rate-limit"];

    /// <summary>Where alerts go without a recipient (issue #15, items 1-3): read per request by the HTTP API and the Alertmanager receiver.</summary>
    private static readonly string[] AlertKeys = ["alert-names", "alertmanager-route"];

    private readonly InboundPolicy _policy;
    private readonly NameService _names;
    private readonly ReplaceableSink _tty;
    private readonly ReplaceableSink? _hook;
    private readonly Func<ServeOptions, IMessageSink?> _createTty;
    private readonly Func<ServeOptions, IMessageSink?>? _createHook;
    private readonly ILogger _logger;

    /// <param name="createHook">Builds the hook sink for new settings; null when the hook cannot change live (see the remarks).</param>
    public ConfigurationReload(ServeOptions current, InboundPolicy policy, NameService names, ReplaceableSink tty, Func<ServeOptions, IMessageSink?> createTty,
        ReplaceableSink? hook, Func<ServeOptions, IMessageSink?>? createHook, ILogger logger)
    {
        Current = current;
        _policy = policy;
        _names = names;
        _tty = tty;
        _createTty = createTty;
        _hook = hook;
        _createHook = hook is null ? null : createHook;
        _logger = logger;
    }

    /// <summary>
    /// Takes the new <c>alertmanager route</c> rules and <c>alert names</c> whenever either changed
    /// (the daemon stores them where <c>POST /v1/messages</c> and <c>POST /v1/alertmanager</c> read
    /// them per request); null: both keys need a restart.
    /// </summary>
    public Action<Alertmanager.AlertmanagerRouting>? AlertRoutingChanged { get; init; }

    /// <summary>The options running now: the start's, with every change applied since.</summary>
    public ServeOptions Current { get; private set; }

    /// <summary>True when a change of <paramref name="key"/> is applied without a restart.</summary>
    public bool IsLive(string key) =>
        key == "alias" || PolicyKeys.Contains(key) || TtyKeys.Contains(key) || (HookKeys.Contains(key) && _createHook is not null)
        || (AlertKeys.Contains(key) && AlertRoutingChanged is not null);

    /// <summary>Loads the configuration with <paramref name="load"/> and applies it; the number of keys applied, or null when it was invalid.</summary>
    public async Task<int?> ApplyAsync(Func<ServeOptions> load, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(load);
        ReloadLog.Reloading(_logger);
        ServeOptions loaded;
        try
        {
            loaded = load();
        }
        catch (Exception ex) when (ex is ArgumentException or UnauthorizedAccessException or IOException)
        {
            ReloadLog.Invalid(_logger, ex.Message);
            return null;
        }

        var changed = ServeOptionTable.Keys.Where(k => ServeOptionValues.Of(Current, k) != ServeOptionValues.Of(loaded, k)).ToList();
        var live = changed.Where(IsLive).ToList();
        var applied = Current with
        {
            Aliases = loaded.Aliases,
            Allow = loaded.Allow,
            Deny = loaded.Deny,
            RateLimitPerSource = loaded.RateLimitPerSource,
            GlobalRateLimit = loaded.GlobalRateLimit,
            TtyEnabled = loaded.TtyEnabled,
            Tty = loaded.Tty,
            Hook = _createHook is null ? Current.Hook : loaded.Hook,
            AlertNames = AlertRoutingChanged is null ? Current.AlertNames : loaded.AlertNames,
            AlertmanagerRoutes = AlertRoutingChanged is null ? Current.AlertmanagerRoutes : loaded.AlertmanagerRoutes,
        };

        // New sinks first: settings a sink refuses leave everything as it was.
        var ttyChanged = live.Any(TtyKeys.Contains);
        var hookChanged = live.Any(HookKeys.Contains);
        IMessageSink? tty = null;
        IMessageSink? hook = null;
        try
        {
            tty = ttyChanged ? _createTty(applied) : null;
            hook = hookChanged ? _createHook!(applied) : null;
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
        {
            if (tty is IAsyncDisposable unused)
            {
                await unused.DisposeAsync().ConfigureAwait(false);
            }

            ReloadLog.Invalid(_logger, ex.Message);
            return null;
        }

        foreach (var key in changed.Where(k => !IsLive(k)))
        {
            ReloadLog.NeedsRestart(_logger, key.Replace('-', ' '));
        }

        if (live.Any(PolicyKeys.Contains))
        {
            _policy.Reload(applied.Allow, applied.Deny, applied.RateLimitPerSource, applied.GlobalRateLimit);
        }

        if (ttyChanged)
        {
            await _tty.ReplaceAsync(tty).ConfigureAwait(false);
        }

        if (hookChanged)
        {
            await _hook!.ReplaceAsync(hook).ConfigureAwait(false);
        }

        if (live.Any(AlertKeys.Contains))
        {
            AlertRoutingChanged!(new Alertmanager.AlertmanagerRouting(applied.AlertmanagerRoutes, applied.AlertNames));
        }

        var before = Current.Aliases;
        Current = applied;
        if (live.Contains("alias"))
        {
            await ApplyAliasesAsync(before, applied.Aliases, cancellationToken).ConfigureAwait(false);
        }

        ReloadLog.Reloaded(_logger, live.Count);
        return live.Count;
    }

    /// <summary>Registers the aliases added to the configuration and releases the removed ones (only while the configuration still owns them).</summary>
    private async Task ApplyAliasesAsync(IReadOnlyList<string> before, IReadOnlyList<string> after, CancellationToken cancellationToken)
    {
        var removed = before.Except(after, StringComparer.OrdinalIgnoreCase).ToList();
        var added = after.Except(before, StringComparer.OrdinalIgnoreCase).ToList();
        var table = _names.Snapshot();
        var releases = removed
            .Where(name => table.Any(n => n.Kind == NameKind.Alias && n.OwnerUid is null && string.Equals(n.Name.Trim(), name, StringComparison.OrdinalIgnoreCase)))
            .Select(async name => (name, "released", await _names.DeleteAsync(name, 0, cancellationToken).ConfigureAwait(false)));
        var registrations = added.Select(async name => (name, "registered", await _names.AddAsync(name, NameKind.Alias, null, cancellationToken).ConfigureAwait(false)));
        foreach (var (name, action, result) in await Task.WhenAll(releases.Concat(registrations)).ConfigureAwait(false))
        {
            if (result.Outcome != NameChangeOutcome.Ok)
            {
                ReloadLog.AliasNotChanged(_logger, name, action, result.Message);
            }
        }
    }
}
