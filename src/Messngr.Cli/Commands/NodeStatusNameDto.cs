namespace Messngr.Cli.Commands;

/// <summary>One NODE_NAME of <c>messngr lookup -A --json</c> (RFC 1002 4.2.18): flags spelled as nmblookup does (ACTIVE, CONFLICT, DEREGISTERING, PERMANENT).</summary>
internal sealed record NodeStatusNameDto(string Name, int Suffix, bool Group, string NodeType, IReadOnlyList<string> Flags);
