namespace Messngr.Cli.Options;

/// <summary><c>messngr agent</c>'s options: the parser, --help, completions and man page read this table.</summary>
internal static class AgentOptionTable
{
    public static readonly IReadOnlyList<CommandOption> All =
    [
        ClientOptions.StateDir,
        ClientOptions.Timeout,
    ];
}
