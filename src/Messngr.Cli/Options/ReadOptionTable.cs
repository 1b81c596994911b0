namespace Messngr.Cli.Options;

/// <summary><c>messngr read</c>'s options: the parser, --help, completions and man page read this table.</summary>
internal static class ReadOptionTable
{
    public static readonly IReadOnlyList<CommandOption> All =
    [
        new("json", null, "the message as one JSON object, fields as 'messngr history --json', with its text (a sealed one too); an error is {\"error\", \"exitCode\"}"),
        ClientOptions.StateDir,
        ClientOptions.Timeout,
    ];
}
