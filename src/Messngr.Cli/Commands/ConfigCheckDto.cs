namespace Messngr.Cli.Commands;

/// <summary><c>messngr config check --json</c>: the file, its number of keys, whether it is valid and each problem.</summary>
internal sealed record ConfigCheckDto(string File, int Keys, bool Ok, IReadOnlyList<ConfigProblemDto> Problems);

/// <summary>One problem: line (null: the file as a whole), key and value as written (null: not a key line), reason.</summary>
internal sealed record ConfigProblemDto(int? Line, string? Key, string? Value, string Reason);
