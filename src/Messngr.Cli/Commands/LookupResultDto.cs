namespace Messngr.Cli.Commands;

/// <summary><c>messngr lookup --json</c>: the name asked for, what was found and how.</summary>
internal sealed record LookupResultDto(
    string Name,
    int Suffix,
    IReadOnlyList<string> Addresses,
    string? Method,
    bool Group,
    IReadOnlyList<string> Steps);
