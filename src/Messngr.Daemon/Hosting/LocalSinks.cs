using Messngr.Daemon.Listeners;
using Messngr.Daemon.Options;
using Messngr.Daemon.Sinks;
using Messngr.Daemon.Sinks.HookLaunch;
using Messngr.Daemon.Users;
using Microsoft.Extensions.Logging;
using Messngr.Daemon.Core;

namespace Messngr.Daemon.Hosting;

/// <summary>The sinks the options ask for: the recipients' terminals and the exec hook.</summary>
internal static class LocalSinks
{
    /// <param name="dropsRoot">
    /// The daemon will give up root: the hook then runs through a root launcher started now, so it
    /// can still become <c>hook user</c> (<see cref="HookLauncherSink"/>).
    /// </param>
    public static IReadOnlyList<IMessageSink> Create(ServeOptions options, LocalNames names, ILoggedOnUsers users, UserAccounts accounts, ListenerCounters counters, bool dropsRoot, ILoggerFactory loggerFactory)
    {
        var logger = loggerFactory.CreateLogger("messngr.sinks");
        var sinks = new List<IMessageSink>();
        if (options.TtyEnabled)
        {
            var resolver = new RecipientResolver(options.NetBiosName, options.Workgroup, name => AliasOwner(names, name), new BroadcastOptOut(accounts).IsOptedOut, logger);
            sinks.Add(new TtySink(users, resolver, options.Tty, logger, options.Limits, counters));
        }

        if (options.Hook is { } hook)
        {
            if (dropsRoot)
            {
                // The launcher checks 'hook user' only when it starts; check it here too, so an
                // unknown account is a configuration error at start (issue #12, item 5).
                _ = new HookRunner(hook, accounts, logger);
            }

            sinks.Add(dropsRoot ? new HookLauncherSink(hook, HookLauncherSink.DefaultCommand(), logger, counters) : new ExecHookSink(hook, accounts, logger, m => m.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), counters));
        }

        return sinks;
    }

    // The recipient resolver passes the name upper-cased and cut to 15 characters.
    private static uint? AliasOwner(LocalNames names, string name) =>
        names.Snapshot().FirstOrDefault(n => n.Kind == NameKind.Alias && string.Equals(n.Name.Trim(), name, StringComparison.OrdinalIgnoreCase))?.OwnerUid;
}
