namespace Messngr.Cli.Control;

/// <summary>
/// What a client command reads from and writes to: the process's console and environment, or,
/// in tests, writers and a dictionary (so commands run in-process without touching globals).
/// </summary>
internal sealed record CommandContext(TextWriter Out, TextWriter Error, IReadOnlyDictionary<string, string> Environment, bool IsRoot)
{
    /// <summary>Overrides where files are looked for (tests); null means the file system.</summary>
    public Func<string, bool>? FileExists { get; init; }

    /// <summary>Whether nobody reads <see cref="Out"/> any more (a pipe whose reader exited); null: never asked (tests).</summary>
    public Func<bool>? OutputClosed { get; init; }

    /// <summary>Login names for the Owner column.</summary>
    public UserNames Users { get; init; } = UserNames.FromPasswd();

    public static CommandContext FromConsole()
    {
        var environment = System.Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>()
            .ToDictionary(e => (string)e.Key, e => (string?)e.Value ?? string.Empty, StringComparer.Ordinal);
        return new CommandContext(Console.Out, Console.Error, environment, System.Environment.IsPrivilegedProcess) { OutputClosed = Output.ClosedOutputWatch.IsClosed };
    }

    public string LocateSocket(IReadOnlyDictionary<string, string> flags) =>
        ControlSocketLocator.Locate(flags, Environment, IsRoot, FileExists ?? File.Exists);
}
