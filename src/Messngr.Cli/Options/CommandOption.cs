namespace Messngr.Cli.Options;

/// <summary>
/// One option of one command, once: the command's parser (<see cref="CommandLine.Parse(string, IReadOnlyList{string}, IReadOnlyList{CommandOption})"/>),
/// its --help lines (<see cref="OptionHelp"/>), the shell completions and the man page are all made from these rows,
/// so they cannot drift apart (issue #12, item 14).
/// </summary>
/// <param name="Name">The long name without dashes: <c>transport</c> for <c>--transport</c>.</param>
/// <param name="Value">The value's placeholder in help (<c>T</c>), or null for a switch.</param>
/// <param name="Help">One sentence for --help and the man page.</param>
/// <param name="Completion">What a shell offers for the value.</param>
/// <param name="Choices">The values for <see cref="OptionCompletion.Choice"/>.</param>
internal sealed record CommandOption(string Name, string? Value, string Help, OptionCompletion Completion = OptionCompletion.None, IReadOnlyList<string>? Choices = null)
{
    public bool IsSwitch => Value is null;

    /// <summary>Shown as <c>--[no-]NAME</c>: a yes/no setting (serve's), rather than an action like <c>--json</c>.</summary>
    public bool Negatable { get; init; }
}
