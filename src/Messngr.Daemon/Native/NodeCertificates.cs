using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Messngr.Daemon.Native;

/// <summary>
/// The certificates messngr makes (node and workgroup CA), from the base library only
/// (<see cref="CertificateRequest"/>): ECDSA P-384 keys as Syncthing uses today, random 128-bit
/// serials (RFC 5280 §4.1.2.2: positive, at most 20 octets), long validity — the certificate only
/// carries the key through TLS; trust comes from the node id or the CA, not from expiry.
/// </summary>
internal static class NodeCertificates
{
    /// <summary>Validity of a node's self-signed certificate and of a workgroup CA.</summary>
    public static readonly TimeSpan Validity = TimeSpan.FromDays(20 * 365);

    /// <summary>notBefore is set this far in the past so a peer whose clock is a little behind accepts a new certificate.</summary>
    public static readonly TimeSpan Backdate = TimeSpan.FromMinutes(5);

    public const string NodeSubject = "CN=messngr node";

    public const string CaSubject = "CN=messngr workgroup CA";

    public static ECDsa NewKey() => ECDsa.Create(ECCurve.NamedCurves.nistP384);

    /// <summary>A node's self-signed certificate: not a CA, digital signature, TLS server and client (mutual TLS).</summary>
    public static X509Certificate2 SelfSigned(ECDsa key, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(key);
        var request = NodeRequest(new X500DistinguishedName(NodeSubject), key);
        return request.CreateSelfSigned(now - Backdate, now + Validity);
    }

    /// <summary>A workgroup CA's self-signed certificate: CA, path length 0 (it signs node certificates only).</summary>
    public static X509Certificate2 Authority(ECDsa key, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(key);
        var request = new CertificateRequest(new X500DistinguishedName(CaSubject), key, HashAlgorithmName.SHA384);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, hasPathLengthConstraint: true, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign | X509KeyUsageFlags.DigitalSignature, critical: true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        return request.CreateSelfSigned(now - Backdate, now + Validity);
    }

    /// <summary>
    /// A node certificate for <paramref name="node"/>'s public key (so its node id stays the same)
    /// signed by <paramref name="authority"/> (which holds its private key); it ends no later than the CA.
    /// </summary>
    public static X509Certificate2 Issue(X509Certificate2 node, X509Certificate2 authority, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(authority);
        var request = new CertificateRequest(node.SubjectName, node.PublicKey, HashAlgorithmName.SHA384);
        AddNodeExtensions(request);
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(authority, includeKeyIdentifier: true, includeIssuerAndSerial: false));
        var notAfter = new[] { now + Validity, new DateTimeOffset(authority.NotAfter.ToUniversalTime()) }.Min();
        using var signer = authority.GetECDsaPrivateKey() ?? throw new ArgumentException("the CA certificate has no ECDSA private key", nameof(authority));
        return request.Create(authority.SubjectName, X509SignatureGenerator.CreateForECDsa(signer), now - Backdate, notAfter, Serial());
    }

    /// <summary>Whether <paramref name="certificate"/> says it is a CA (basic constraints, RFC 5280 §4.2.1.9).</summary>
    public static bool IsAuthority(X509Certificate2 certificate) =>
        certificate.Extensions.OfType<X509BasicConstraintsExtension>().Any(b => b.CertificateAuthority);

    /// <summary>SHA-256 of the certificate's DER as lower-case hex (<c>openssl x509 -outform der | sha256sum</c>).</summary>
    public static string Fingerprint(X509Certificate2 certificate) => Convert.ToHexStringLower(SHA256.HashData(certificate.RawData));

    private static CertificateRequest NodeRequest(X500DistinguishedName subject, ECDsa key)
    {
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA384);
        AddNodeExtensions(request);
        return request;
    }

    private static void AddNodeExtensions(CertificateRequest request)
    {
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: false, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([Oid.FromOidValue("1.3.6.1.5.5.7.3.1", OidGroup.EnhancedKeyUsage), Oid.FromOidValue("1.3.6.1.5.5.7.3.2", OidGroup.EnhancedKeyUsage)], critical: false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
    }

    /// <summary>16 random bytes, the top bit cleared so the INTEGER is positive (RFC 5280 §4.1.2.2).</summary>
    public static byte[] Serial()
    {
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        serial[0] |= 0x01; // never a leading zero octet, so the DER keeps all 16 bytes
        return serial;
    }
}
