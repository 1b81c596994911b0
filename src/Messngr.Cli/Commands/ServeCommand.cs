using System.Runtime.InteropServices;
using Messngr.Cli.Help;
using Messngr.Cli.Options;
using Messngr.Daemon.Hosting;
using Messngr.Daemon.Options;
using Messngr.Daemon.Privileges;
using Messngr.Daemon.Sinks;
using Messngr.Daemon.Systemd;

namespace Messngr.Cli.Commands;

/// <summary><c>messngr serve</c>: runs the daemon in the foreground until SIGINT or SIGTERM.</summary>
internal static class ServeCommand
{
    /// <summary>--help, man page and completions, with the options from <see cref="ServeOptionTable"/>.</summary>
    public static readonly CommandHelp Manual = new(
        "serve",
        "run the Messenger service in the foreground",
        "usage: messngr serve [OPTIONS]",
        """
        Runs the Messenger service in the foreground: answers NetBIOS name queries for its names,
        receives messages over the session service (TCP 139, smbclient -M, net send), the
        \MAILSLOT\MESSNGR datagram (UDP 138, net send *) and [MS-MSRP] NetrSendMessage (UDP 135),
        and prints each message, marked unverified, on standard output. Stops on SIGINT/SIGTERM.
        SIGHUP reloads the configuration: aliases, allow/deny, rate limits, tty and hook settings,
        alert names and alertmanager route change at once; other changed keys are logged as
        needing a restart.
        """,
        ServeCommandOptions.All,
        [
            new(ExitCodes.Ok, "stopped cleanly"),
            new(ExitCodes.Usage, "usage error"),
            new(ExitCodes.Software, "the message store cannot be opened (corrupt, not a database, from a newer messngr), the node key and certificate or the trust list are unreadable or do not match, or another internal error"),
            new(ExitCodes.InUse, "another messngr serve uses the state directory, or not one port could be bound because other processes hold them"),
            new(ExitCodes.Permission, "permission denied: could not become --user, the config file or state directory is not readable/writable by this user, or no port could be bound for lack of privilege"),
            new(ExitCodes.Config, "configuration error: a bad value, an unknown --user or hook user, a hook program that is missing or not executable, a state directory that is a file, a config file that is a directory"),
        ])
    {
        OptionsHeading = "options (each also as MESSNGR_NAME in the environment or 'name' in the config file):\n",
        Notes = """
            Ports below 1024 need root or CAP_NET_BIND_SERVICE; a listener that cannot bind is
            reported and the others keep running.
            """,
    };

    public static string Help => Manual.Text;

    public static int Run(IReadOnlyList<string> args)
    {
        var line = CommandLine.Parse("serve", args, ServeCommandOptions.All);
        if (line.Help)
        {
            Console.Out.Write(Help);
            return ExitCodes.Ok;
        }

        if (line.Positional.Count > 0)
        {
            throw new UsageException($"serve: unexpected argument '{line.Positional[0]}'");
        }

        var environment = Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>()
            .ToDictionary(e => (string)e.Key, e => (string?)e.Value ?? string.Empty, StringComparer.Ordinal);
        var flags = new Dictionary<string, string>(line.Values, StringComparer.Ordinal);
        if (flags.Remove("verbose", out var verbose) && verbose == "yes")
        {
            flags.TryAdd("log-level", "debug"); // --verbose is --log-level debug; an explicit --log-level wins
        }

        // Once: a reload after the privilege drop must resolve the same defaults (state dir, hook user).
        var isRoot = Environment.UserName == "root";
        ServeOptions options;
        try
        {
            options = ServeOptionsLoader.Load(flags, environment, configPath: null, isRoot);
        }
        catch (ArgumentException ex)
        {
            return ServeStartFailure.Report(ServeStartFailure.Text(ex), ExitCodes.Config);
        }
        catch (UnauthorizedAccessException ex)
        {
            return ServeStartFailure.Report(ex.Message, ExitCodes.Permission); // e.g. a 0600 config file of another user
        }

        using var loggerFactory = ServeLogging.Create(options.LogLevel, options.LogFormat, environment);
        using var stop = new CancellationTokenSource();
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Cancel);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Cancel);
        MessengerDaemon? running = null;
        using var sighup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, Reload);
        // Before anything is created: every file starts private (the socket is opened up by chmod).
        ProcessUmask.Set(ProcessUmask.Private);
        MessengerDaemon daemon;
        try
        {
            daemon = new MessengerDaemon(options, loggerFactory, [new ConsoleSink(Console.Out)])
            {
                // SIGHUP: the same command line, environment and config file, read again.
                Reloader = () => ServeOptionsLoader.Load(flags, environment, configPath: null, isRoot),
                // Type=notify (issue #15, item 5): READY/RELOADING/STOPPING/WATCHDOG when systemd asks.
                ServiceManager = SdNotify.FromEnvironment(environment, Environment.ProcessId) is { } notify
                    ? new ServiceManagerNotifier(notify, TimeProvider.System) : null,
            };
            running = daemon;
        }
        catch (ArgumentException ex)
        {
            return ServeStartFailure.Report(ServeStartFailure.Text(ex), ExitCodes.Config);
        }
        catch (InvalidOperationException ex)
        {
            return ServeStartFailure.Report(ex.Message, ExitCodes.Software); // the hook launcher did not start
        }

        try
        {
            daemon.RunAsync(stop.Token).GetAwaiter().GetResult();
        }
        catch (PrivilegeDropException ex)
        {
            // Never run on as root when the configuration said otherwise.
            Console.Error.WriteLine($"messngr serve: {ex.Message}");
            return ExitCodes.Permission;
        }
        catch (Messngr.Daemon.Core.DaemonStartException ex)
        {
            // Another process holds the state directory or every port (issue #12, items 1 and 2).
            loggerFactory.Dispose(); // flush the log before the last line
            Console.Error.WriteLine($"messngr serve: {ex.Message}");
            return ex.Failure switch { Messngr.Daemon.Core.StartFailure.InUse => ExitCodes.InUse, Messngr.Daemon.Core.StartFailure.Permission => ExitCodes.Permission, _ => ExitCodes.Config };
        }
        catch (Messngr.Daemon.Core.StoreException ex)
        {
            loggerFactory.Dispose(); // flush the log before the last line
            return ServeStartFailure.Report(ex.Message, ServeStartFailure.ExitCode(ex));
        }

        return ExitCodes.Ok;

        void Cancel(PosixSignalContext context)
        {
            context.Cancel = true;
            stop.Cancel();
        }

        void Reload(PosixSignalContext context)
        {
            context.Cancel = true; // never the default action (terminate)
            Volatile.Read(ref running)?.RequestReload();
        }
    }
}
