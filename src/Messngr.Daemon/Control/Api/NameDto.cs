namespace Messngr.Daemon.Control.Api;

/// <summary>
/// One row of <c>GET /v1/names</c> (<c>messngr name</c>, like <c>net name</c>).
/// <paramref name="Type"/> is "unique" or "group" (RFC 1002 §4.2.1.3 G bit); <paramref name="Kind"/>
/// is computer, workgroup, user or alias; <paramref name="State"/> is registering, registered,
/// conflict or releasing (RFC 1002 §5.1.1).
/// </summary>
internal sealed record NameDto(
    string Name,
    int Suffix,
    string Type,
    string Kind,
    string State,
    uint? OwnerUid,
    string? Detail);
