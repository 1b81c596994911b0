namespace Messngr.Daemon.Control.Api;

/// <summary>
/// The body of <c>GET /v1/id</c> (<c>messngr id --json</c>): the node id (eight groups of seven),
/// its first group, the SHA-256 of the certificate's DER (hex) and the certificate's validity.
/// </summary>
internal sealed record NodeIdDto(string NodeId, string Short, string CertificateSha256, DateTimeOffset NotBefore, DateTimeOffset NotAfter);
