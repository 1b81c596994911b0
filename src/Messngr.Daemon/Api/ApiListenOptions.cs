using System.Net;

namespace Messngr.Daemon.Api;

/// <summary>
/// Where the HTTP API listens (issue #15, item 1): <c>api listen</c>, and the PEM certificate and key
/// of <c>api tls certificate</c> / <c>api tls key</c> (no key file: the certificate's file holds the
/// key too, as one PEM). The loader refuses a
/// non-loopback address without them, so a token never crosses a network in clear text.
/// </summary>
internal sealed record ApiListenOptions(IPEndPoint Endpoint, string? CertificateFile = null, string? KeyFile = null)
{
    public bool Tls => CertificateFile is not null;
}
