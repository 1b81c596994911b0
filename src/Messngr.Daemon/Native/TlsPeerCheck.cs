using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Messngr.Daemon.Native;

/// <summary>
/// The RemoteCertificateValidationCallback of one handshake. Chain errors and a name mismatch are
/// ignored — node certificates are self-signed and identified by their hash, as Syncthing's are —
/// but a missing certificate is refused, and the <see cref="ITlsPeerVerifier"/> makes the trust
/// decision. Keeps the accepted certificate and, on refusal, the reason for the log and the caller.
/// </summary>
internal sealed class TlsPeerCheck(ITlsPeerVerifier verifier, IPEndPoint remote, TlsRole role, string? targetHost)
{
    public X509Certificate2? Peer { get; private set; }

    /// <summary>Why the peer was refused; null when it was not (or the handshake failed before the check).</summary>
    public string? Refusal { get; private set; }

    public bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (certificate is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
        {
            Refusal = "the peer presented no certificate";
            return false;
        }

        // A copy we own: the one SslStream passes in is its own.
        var copy = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        var verdict = verifier.Verify(copy, remote, role, targetHost);
        if (!verdict.Accepted)
        {
            Refusal = string.IsNullOrEmpty(verdict.Reason) ? "the peer's certificate is not trusted" : verdict.Reason;
            copy.Dispose();
            return false;
        }

        Peer = copy;
        return true;
    }
}
