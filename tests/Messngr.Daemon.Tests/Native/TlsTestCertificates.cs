using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Messngr.Daemon.Tests.Native;

/// <summary>Self-signed ECDSA P-384 node certificates, as Syncthing (and the identity part) make them.</summary>
internal static class TlsTestCertificates
{
    public static X509Certificate2 Create(string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA384);
        var now = DateTimeOffset.UtcNow;
        return request.CreateSelfSigned(now.AddDays(-1), now.AddYears(20));
    }
}
