namespace Messngr.Daemon.Core;

/// <summary>One row of <c>messngr name</c>.</summary>
internal sealed record NameInfo(string Name, byte Suffix, bool IsGroup, NameKind Kind, NameState State, uint? OwnerUid, string? Detail);
