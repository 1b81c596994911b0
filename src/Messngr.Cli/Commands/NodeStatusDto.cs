namespace Messngr.Cli.Commands;

/// <summary><c>messngr lookup -A ADDR --json</c>: the node's name table and MAC (UNIT_ID, RFC 1002 4.2.18).</summary>
internal sealed record NodeStatusDto(string Address, IReadOnlyList<NodeStatusNameDto> Names, string Mac);
