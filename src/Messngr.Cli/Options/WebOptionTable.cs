namespace Messngr.Cli.Options;

/// <summary><c>messngr web</c>'s options: the parser, --help, completions and man page read this table.</summary>
internal static class WebOptionTable
{
    public static readonly IReadOnlyList<CommandOption> All =
    [
        new("open", null, "open the page in the desktop's browser (xdg-open) instead of printing the URL"),
        new("new-token", null, "make a new token first: URLs printed before stop working"),
        new("json", null, "{\"url\", \"token\"} as one JSON object; an error is {\"error\", \"exitCode\"}"),
        ClientOptions.StateDir,
        ClientOptions.Timeout,
    ];
}
