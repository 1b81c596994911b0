using System.Reflection;
using Messngr.Cli.Commands;
using Messngr.Cli.Help;
using Messngr.Cli.Output;

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
          alert       send TEXT to the alert names ('alert names' in messngr.conf) or --to,
                      like 'messngr send', at high priority
          upsmon-notify, clamav-event, media-script, unit-failed, cups-notifier
                      alerts from NUT upsmon, ClamAV, Zabbix/Nagios, systemd
                      OnFailure= and CUPS (docs/integrations.md)
          name        list, add (NAME /add) or delete (NAME /delete) messenger names, like 'net name'
          history     messages received, newest first (--json, --limit N)
          listen      print messages as they arrive (--json for JSON lines, --ack to acknowledge)
          read        open a message (a sealed one too) by id or seq and acknowledge it read
          status      names, listeners and counters of the running daemon
          lookup      find a NetBIOS name's addresses (NAME[#XX]) or a node's names (-A ADDR)
          id          print this node's id (the hash of its public key) for others to trust
          trust       list, add or remove the messngr nodes this node trusts
          peers       list the messngr nodes discovery heard on the LAN and the static peers
          sent        the messages you sent natively and their receipts (sent [ID])
          dnd         do not disturb: hold messages back from your displays (on, off,
                      until TIME, status); critical ones are still shown
          quiet-hours daily quiet hours (HH:MM-HH:MM or off) that hold messages like dnd
          agent       show your messages as desktop notifications (in your desktop session)
          ca          make a workgroup CA and sign node certificates with it
          help        show this text; 'messngr help COMMAND' (or 'messngr COMMAND --help')
                      explains one command, with its options and its exit codes
          version     print the version
          completion  print the bash or zsh completion script (messngr completion bash|zsh)
          man         print a command's man page (messngr man send | man -l -); 'man messngr'
                      is messngr(1), every command on one page, 'man messngr.conf' messngr.conf(5),
                      'man messngr-send' messngr-send(1)
          default-config
                      print the commented default messngr.conf: every key at its default

        exit codes: 0 ok, 64 usage error; each command lists its own in 'messngr help COMMAND'
        """;

    private static int Main(string[] args)
    {
        try
        {
            return Run(args);
        }
        catch (UsageException ex)
        {
            // --json always answers in JSON, a usage error too (issue #12, item 13)
            var line = $"messngr: {ex.Message}";
            if (args.Length > 0 && CommandCatalog.Find(args[0]) is { } command && command.WantsJson(args[1..]))
            {
                Console.Out.WriteLine(JsonError.Format(line, ExitCodes.Usage));
            }

            Console.Error.WriteLine(line);
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
        if (CommandCatalog.Find(args[0]) is { } command)
        {
            return command.Run(rest);
        }

        switch (args[0].ToLowerInvariant())
        {
            case "hook-runner":
                return HookRunnerCommand.Run(rest);
            case "help" or "--help" or "-h" or "/?":
                return Help(rest);
            case "version" or "--version":
                Console.Out.WriteLine($"messngr {Version}");
                return ExitCodes.Ok;
            case "completion":
                Console.Out.Write(CompletionScript.For(rest.Length == 1 ? rest[0] : throw new UsageException("completion: which shell? (messngr completion bash|zsh)")));
                return ExitCodes.Ok;
            case "man":
                Console.Out.Write(rest switch
                {
                    ["messngr"] => MessngrManPage.For(Version),
                    ["messngr.conf"] => ConfigManPage.For(Version),
                    ["messngr-send"] => MessngrSendManPage.For(Version),
                    _ => ManPage.For(Lookup("man", rest).Help, Version),
                });
                return ExitCodes.Ok;
            case "default-config":
                Console.Out.Write(rest.Length == 0 ? DefaultConfigFile.Text() : throw new UsageException("default-config takes no arguments"));
                return ExitCodes.Ok;
            default:
                throw new UsageException($"unknown command '{args[0]}' (see 'messngr --help')");
        }
    }

    /// <summary><c>messngr help</c>: the usage; <c>messngr help COMMAND</c>: that command's --help.</summary>
    private static int Help(string[] rest)
    {
        if (rest.Length == 0)
        {
            Console.Out.WriteLine(Usage);
            return ExitCodes.Ok;
        }

        Console.Out.Write(Lookup("help", rest).Help.Text);
        return ExitCodes.Ok;
    }

    private static CliCommand Lookup(string verb, string[] rest)
    {
        if (rest.Length != 1)
        {
            throw new UsageException($"{verb}: name one command (messngr {verb} COMMAND)");
        }

        return CommandCatalog.Find(rest[0])
            ?? throw new UsageException($"{verb}: no command '{rest[0]}' (commands: {string.Join(", ", CommandCatalog.All.Select(c => c.Name))})");
    }

    public static string Version =>
        typeof(Program).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";
}
