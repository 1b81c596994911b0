namespace Messngr.Cli.Help;

/// <summary>One command of <c>messngr</c>: what it says about itself, how it runs, and whether a command line asks for JSON.</summary>
internal sealed record CliCommand(CommandHelp Help, Func<IReadOnlyList<string>, int> Run, Func<IReadOnlyList<string>, bool> WantsJson)
{
    public string Name => Help.Command;
}
