using System.Reflection;
using Messngr.Cli.Commands;

namespace Messngr.Cli;

/// <summary>The <c>messngr</c> entry point: one executable for the daemon and every client command.</summary>
internal static class Program
{
    public const string Usage = """
        usage: messngr COMMAND [OPTIONS]

        commands:
          serve       run the Messenger service (NetBIOS name, datagram and session
                      services, [MS-MSRP] RPC) in the foreground
          send        send a message like 'net send' / 'msg': NAME, NAME@HOST, ADDRESS, *,
                      /domain[:WG], /users or @FILE; says whether it was delivered
          name        list, add (NAME /add) or delete (NAME /delete) messenger names, like 'net name'
          history     messages received, newest first (--json, --limit N)
          listen      print messages as they arrive (--json for JSON lines)
          status      names, listeners and counters of the running daemon
          lookup      find a NetBIOS name's addresses (NAME[#XX]) or a node's names (-A ADDR)
          help        show this text; 'messngr COMMAND --help' explains one command
          version     print the version

        exit codes: 0 ok, 64 usage error, 65 request refused, 69 daemon not running,
                    70 internal error, 77 permission denied, 78 configuration error
        """;

    private static int Main(string[] args)
    {
        try
        {
            return Run(args);
        }
        catch (UsageException ex)
        {
            Console.Error.WriteLine($"messngr: {ex.Message}");
            return ExitCodes.Usage;
        }
    }

    private static int Run(string[] args)
    {
        if (args.Length == 0)
        {
            Console.Error.WriteLine(Usage);
            return ExitCodes.Usage;
        }

        var rest = args[1..];
        switch (args[0].ToLowerInvariant())
        {
            case "serve":
                return ServeCommand.Run(rest);
            case "send":
                return SendCommand.Run(rest);
            case "name":
                return NameCommand.Run(rest);
            case "history":
                return HistoryCommand.Run(rest);
            case "listen":
                return ListenCommand.Run(rest);
            case "status":
                return StatusCommand.Run(rest);
            case "lookup":
                return LookupCommand.Run(rest);
            case "hook-runner":
                return HookRunnerCommand.Run(rest);
            case "help" or "--help" or "-h" or "/?":
                Console.Out.WriteLine(Usage);
                return ExitCodes.Ok;
            case "version" or "--version":
                Console.Out.WriteLine($"messngr {Version}");
                return ExitCodes.Ok;
            default:
                throw new UsageException($"unknown command '{args[0]}' (see 'messngr --help')");
        }
    }

    public static string Version =>
        typeof(Program).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";
}
