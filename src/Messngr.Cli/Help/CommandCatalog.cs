using Messngr.Cli.Commands;

namespace Messngr.Cli.Help;

/// <summary>
/// Every documented command, for <c>messngr help COMMAND</c>, <c>messngr man COMMAND</c>, the
/// shell completions and the JSON answer to a usage error (issue #12, items 13 and 14).
/// </summary>
internal static class CommandCatalog
{
    public static readonly IReadOnlyList<CliCommand> All =
    [
        new(ServeCommand.Manual, ServeCommand.Run, _ => false),
        new(SendCommand.Manual, SendCommand.Run, SendArguments.WantsJson),
        new(NameCommand.Manual, NameCommand.Run, args => CommandLine.WantsJson(args, NameCommand.Manual.Options)),
        new(HistoryCommand.Manual, HistoryCommand.Run, args => CommandLine.WantsJson(args, HistoryCommand.Manual.Options)),
        new(ListenCommand.Manual, ListenCommand.Run, args => CommandLine.WantsJson(args, ListenCommand.Manual.Options)),
        new(ReadCommand.Manual, ReadCommand.Run, args => CommandLine.WantsJson(args, ReadCommand.Manual.Options)),
        new(StatusCommand.Manual, StatusCommand.Run, args => CommandLine.WantsJson(args, StatusCommand.Manual.Options)),
        new(LookupCommand.Manual, LookupCommand.Run, args => CommandLine.WantsJson(args, LookupCommand.Manual.Options)),
        new(IdCommand.Manual, IdCommand.Run, args => CommandLine.WantsJson(args, IdCommand.Manual.Options)),
        new(TrustCommand.Manual, TrustCommand.Run, args => CommandLine.WantsJson(args, TrustCommand.Manual.Options)),
        new(PeersCommand.Manual, PeersCommand.Run, args => CommandLine.WantsJson(args, PeersCommand.Manual.Options)),
        new(SentCommand.Manual, SentCommand.Run, args => CommandLine.WantsJson(args, SentCommand.Manual.Options)),
        new(DndCommand.Manual, DndCommand.Run, args => CommandLine.WantsJson(args, DndCommand.Manual.Options)),
        new(QuietHoursCommand.Manual, QuietHoursCommand.Run, args => CommandLine.WantsJson(args, QuietHoursCommand.Manual.Options)),
        new(WebCommand.Manual, WebCommand.Run, args => CommandLine.WantsJson(args, WebCommand.Manual.Options)),
        new(AgentCommand.Manual, AgentCommand.Run, _ => false),
        new(CaCommand.Manual, CaCommand.Run, args => CommandLine.WantsJson(args, CaCommand.Manual.Options)),
        new(AlertCommand.Manual, AlertCommand.Run, args => CommandLine.WantsJson(args, AlertCommand.Manual.Options)),
        new(TokenCommand.Manual, TokenCommand.Run, args => CommandLine.WantsJson(args, TokenCommand.Manual.Options)),
        new(ConfigCommand.Manual, ConfigCommand.Run, args => CommandLine.WantsJson(args, ConfigCommand.Manual.Options)),
        new(UpsmonNotifyCommand.Manual, UpsmonNotifyCommand.Run, args => CommandLine.WantsJson(args, UpsmonNotifyCommand.Manual.Options)),
        new(ClamavEventCommand.Manual, ClamavEventCommand.Run, args => CommandLine.WantsJson(args, ClamavEventCommand.Manual.Options)),
        new(MediaScriptCommand.Manual, MediaScriptCommand.Run, args => CommandLine.WantsJson(args, MediaScriptCommand.Manual.Options)),
        new(UnitFailedCommand.Manual, UnitFailedCommand.Run, args => CommandLine.WantsJson(args, UnitFailedCommand.Manual.Options)),
        new(CupsNotifierCommand.Manual, CupsNotifierCommand.Run, args => CommandLine.WantsJson(args, CupsNotifierCommand.Manual.Options)),
    ];

    /// <summary>Commands without options of their own: help, version, completion, man, default-config.</summary>
    public static readonly IReadOnlyList<(string Name, string Summary)> Others =
    [
        ("help", "show the usage, or 'messngr help COMMAND' for one command"),
        ("version", "print the version"),
        ("completion", "print the bash or zsh completion script: messngr completion bash|zsh"),
        ("man", "print a command's man page (roff): messngr man COMMAND | man -l -; messngr man messngr (all commands), messngr man messngr.conf, messngr man messngr-send"),
        ("default-config", "print the commented default messngr.conf, every key at its default"),
    ];

    public static CliCommand? Find(string name) => All.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase));
}
