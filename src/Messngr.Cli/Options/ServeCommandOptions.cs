using Messngr.Daemon.Options;

namespace Messngr.Cli.Options;

/// <summary>
/// <c>messngr serve</c>'s options as the CLI shows and completes them: every row of
/// <see cref="ServeOptionTable"/> (its default appended to the help) and the two that only the
/// command line has, <c>--config</c> and <c>--verbose</c>.
/// </summary>
internal static class ServeCommandOptions
{
    public static readonly IReadOnlyList<CommandOption> All =
    [
        .. ServeOptionTable.All.Select(From),
        new("config", "FILE", "config file (default /etc/messngr/messngr.conf)", OptionCompletion.File),
        new("verbose", null, "same as --log-level debug (log every dropped packet)"),
    ];

    private static CommandOption From(ServeOption option) => new(option.Key, option.Value, $"{option.Help} (default: {option.Default})", Completion(option.Key), Choices(option.Key))
    {
        Negatable = option.IsSwitch,
    };

    private static OptionCompletion Completion(string key) => key switch
    {
        "state-dir" => OptionCompletion.Directory,
        "wins-server" => OptionCompletion.Host,
        "tty-charset" or "log-level" or "log-format" => OptionCompletion.Choice,
        _ => OptionCompletion.None,
    };

    private static string[]? Choices(string key) => key switch
    {
        "tty-charset" => ["utf-8", "ascii"],
        "log-level" => ["error", "warning", "info", "debug"],
        "log-format" => ["auto", "journal", "plain"],
        _ => null,
    };
}
