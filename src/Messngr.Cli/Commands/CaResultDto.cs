namespace Messngr.Cli.Commands;

/// <summary>
/// <c>messngr ca init|sign --json</c>: the certificate written, the CA key (init only), the signed
/// node's id (sign only), the certificate's SHA-256 (hex of the DER) and its notAfter.
/// </summary>
internal sealed record CaResultDto(string Certificate, string? Key, string? NodeId, string CertificateSha256, DateTimeOffset NotAfter);
