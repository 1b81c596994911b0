using Messngr.Daemon.Listeners;
using Messngr.Daemon.Options;
using Messngr.Daemon.Sinks;
using Messngr.Daemon.Sinks.HookLaunch;
using Messngr.Daemon.Users;
using Microsoft.Extensions.Logging;
using Messngr.Daemon.Core;

namespace Messngr.Daemon.Hosting;

/// <summary>
/// The sinks the options ask for: the recipients' terminals and the exec hook. Each is built on
/// its own, at start and again when a reloaded configuration changes its settings (SIGHUP). Every
/// terminal sink reports what it showed to the same <paramref name="displayed"/> (issue #13, item 6)
/// and holds messages during its users' quiet hours with <paramref name="quiet"/> (issue #14, item 3).
/// </summary>
internal sealed class LocalSinks(LocalNames names, ILoggedOnUsers users, UserAccounts accounts, ListenerCounters counters, ILoggerFactory loggerFactory, DisplayedReceipts? displayed = null, TtyQuiet? quiet = null)
{
    private readonly ILogger _logger = loggerFactory.CreateLogger("messngr.sinks");

    /// <summary>The terminal sink, or null when <c>tty = no</c>.</summary>
    public IMessageSink? Tty(ServeOptions options)
    {
        if (!options.TtyEnabled)
        {
            return null;
        }

        var resolver = new RecipientResolver(options.NetBiosName, options.Workgroup, name => AliasOwner(names, name), new BroadcastOptOut(accounts).IsOptedOut, _logger);
        return new TtySink(users, resolver, options.Tty, _logger, options.Limits, counters, displayed, quiet);
    }

    /// <summary>The exec hook sink, or null without <c>hook</c>.</summary>
    /// <param name="dropsRoot">
    /// The daemon will give up root: the hook then runs through a root launcher started now, so it
    /// can still become <c>hook user</c> (<see cref="HookLauncherSink"/>).
    /// </param>
    public IMessageSink? Hook(ServeOptions options, bool dropsRoot)
    {
        if (options.Hook is not { } hook)
        {
            return null;
        }

        if (dropsRoot)
        {
            // The launcher checks 'hook user' only when it starts; check it here too, so an
            // unknown account is a configuration error at start (issue #12, item 5).
            _ = new HookRunner(hook, accounts, _logger);
            return new HookLauncherSink(hook, HookLauncherSink.DefaultCommand(), _logger, counters);
        }

        return new ExecHookSink(hook, accounts, _logger, counters);
    }

    // The recipient resolver passes the name upper-cased and cut to 15 characters.
    private static uint? AliasOwner(LocalNames names, string name) =>
        names.Snapshot().FirstOrDefault(n => n.Kind == NameKind.Alias && string.Equals(n.Name.Trim(), name, StringComparison.OrdinalIgnoreCase))?.OwnerUid;
}
