using System.Runtime.InteropServices;
using Messngr.Cli.Help;
using Messngr.Cli.Options;
using Messngr.Daemon.Hosting;
using Messngr.Daemon.Options;
using Messngr.Daemon.Privileges;
using Messngr.Daemon.Sinks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

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
        """,
        ServeCommandOptions.All,
        [
            new(ExitCodes.Ok, "stopped cleanly"),
            new(ExitCodes.Usage, "usage error"),
            new(ExitCodes.Software, "the message store cannot be opened (corrupt, not a database, from a newer messngr, state directory not usable)"),
            new(ExitCodes.Permission, "could not become --user"),
            new(ExitCodes.Config, "configuration error"),
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

        ServeOptions options;
        try
        {
            var environment = Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>()
                .ToDictionary(e => (string)e.Key, e => (string?)e.Value ?? string.Empty, StringComparer.Ordinal);
            options = ServeOptionsLoader.Load(line.Values, environment, configPath: null, isRoot: Environment.UserName == "root");
        }
        catch (ArgumentException ex)
        {
            Console.Error.WriteLine($"messngr serve: {ex.Message}");
            return ExitCodes.Config;
        }

        var verbose = line.Values.GetValueOrDefault("verbose") == "yes";
        using var loggerFactory = LoggerFactory.Create(builder => builder
            .SetMinimumLevel(verbose ? LogLevel.Debug : LogLevel.Information)
            .AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss ";
            })
            // The log goes to standard error; standard output carries the messages alone.
            .Services.Configure<ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace));
        using var stop = new CancellationTokenSource();
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Cancel);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Cancel);
        // Before anything is created: every file starts private (the socket is opened up by chmod).
        ProcessUmask.Set(ProcessUmask.Private);
        MessengerDaemon daemon;
        try
        {
            daemon = new MessengerDaemon(options, loggerFactory, [new ConsoleSink(Console.Out)]);
        }
        catch (ArgumentException ex)
        {
            Console.Error.WriteLine($"messngr serve: {ex.Message}");
            return ExitCodes.Config;
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
        catch (Messngr.Daemon.Core.StoreException ex)
        {
            loggerFactory.Dispose(); // flush the log before the last line
            Console.Error.WriteLine($"messngr serve: {ex.Message}");
            return ExitCodes.Software;
        }

        return ExitCodes.Ok;

        void Cancel(PosixSignalContext context)
        {
            context.Cancel = true;
            stop.Cancel();
        }
    }
}
