using System.Runtime.InteropServices;
using Messngr.Daemon.Hosting;
using Messngr.Daemon.Options;
using Messngr.Daemon.Sinks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace Messngr.Cli.Commands;

/// <summary><c>messngr serve</c>: runs the daemon in the foreground until SIGINT or SIGTERM.</summary>
internal static class ServeCommand
{
    public const string Help = """
        usage: messngr serve [OPTIONS]

        Runs the Messenger service in the foreground: answers NetBIOS name queries for its names,
        receives messages over the session service (TCP 139, smbclient -M, net send), the
        \MAILSLOT\MESSNGR datagram (UDP 138, net send *) and [MS-MSRP] NetrSendMessage (UDP 135),
        and prints each message, marked unverified, on standard output. Stops on SIGINT/SIGTERM.

        options (each also as MESSNGR_NAME in the environment or 'name' in the config file):
          --netbios-name NAME      computer name (default: host name, upper-cased, 15 chars)
          --workgroup NAME         workgroup/domain (default WORKGROUP)
          --alias A,B              extra messenger names (like 'net name A /add')
          --interface NAME|ADDR    serve one IPv4 interface only: its address and its subnet's
                                   broadcasts (default: all)
          --state-dir DIR          state directory (default /var/lib/messngr as root,
                                   $XDG_STATE_HOME/messngr otherwise)
          --wins-server ADDR       WINS server
          --code-page CP           OEM code page of names and text (default 850)
          --[no-]name-service      UDP 137 listener (default on); likewise --[no-]datagram-service,
                                   --[no-]session-service, --[no-]rpc
          --name-service-port N    ports (defaults 137, 138, 139, 135); likewise
                                   --datagram-service-port, --session-service-port, --rpc-port
          --allow NETS             networks that may send, e.g. 10.0.0.0/8,192.168.1.0/24
                                   (default: loopback and this host's own networks)
          --deny NETS              networks always refused
          --rate-limit N           packets per second per source (default 100)
          --global-rate-limit N    packets per second in all (default 5000)
          --[no-]tty               write messages to the recipients' terminals (default on)
          --tty-bell               ring the bell; --tty-charset utf-8|ascii; --tty-write-timeout S
          --hook "PROG ARGS"       run PROG for each message (no shell): text in the file
                                   $MESSNGR_TEXT_FILE, fields in MESSNGR_FROM, MESSNGR_TO, ...
          --hook-user USER         run the hook as USER (when root); --hook-timeout S (30),
                                   --hook-concurrency N (4), --hook-queue N (64)
          --[no-]node-status-users list logged-on users' NAME<03> in node status (default off)
          --config FILE            config file (default /etc/messngr/messngr.conf)
          --verbose                log every dropped packet

        Ports below 1024 need root or CAP_NET_BIND_SERVICE; a listener that cannot bind is
        reported and the others keep running.
        exit codes: 0 stopped cleanly, 64 usage error, 78 configuration error
        """;

    private static readonly string[] Valued =
    [
        "netbios-name", "workgroup", "alias", "interface", "state-dir", "wins-server", "code-page", "config",
        "name-service-port", "datagram-service-port", "session-service-port", "rpc-port",
        "allow", "deny", "rate-limit", "global-rate-limit", "tty-charset", "tty-write-timeout",
        "hook", "hook-timeout", "hook-concurrency", "hook-queue", "hook-user",
    ];

    private static readonly string[] Switches = ["name-service", "datagram-service", "session-service", "rpc", "verbose", "tty", "tty-bell", "node-status-users"];

    public static int Run(IReadOnlyList<string> args)
    {
        var line = CommandLine.Parse("serve", args, Valued, Switches);
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
        var daemon = new MessengerDaemon(options, loggerFactory, [new ConsoleSink(Console.Out)]);
        daemon.RunAsync(stop.Token).GetAwaiter().GetResult();
        return ExitCodes.Ok;

        void Cancel(PosixSignalContext context)
        {
            context.Cancel = true;
            stop.Cancel();
        }
    }
}
