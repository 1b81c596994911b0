using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Messngr.Bench.Peers;

/// <summary>
/// The certificates of scenario 7's JetStream peer with mutual TLS (issue #13, equal security):
/// a CA made for this run, a server certificate for the peer's address (subject alternative name
/// IP, as the client checks the host it dialled) and a client certificate for the bench, all
/// ECDSA P-384 (as messngr's node certificates, NodeCertificates.NewKey), issued by that CA with .NET's
/// <see cref="CertificateRequest"/>. PEM files in the run's directory, every one created 0600
/// (the keys never exist with a wider mode); the directory goes with the run.
/// </summary>
internal sealed record JetStreamTlsFiles(string CaFile, string ServerCertFile, string ServerKeyFile, string ClientCertFile, string ClientKeyFile)
{
    private const string ServerAuthOid = "1.3.6.1.5.5.7.3.1";
    private const string ClientAuthOid = "1.3.6.1.5.5.7.3.2";

    private static readonly TimeSpan Validity = TimeSpan.FromDays(1);

    public static JetStreamTlsFiles Create(string directory, IPAddress serverAddress)
    {
        Directory.CreateDirectory(directory);
        File.SetUnixFileMode(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var notBefore = DateTimeOffset.UtcNow.AddMinutes(-5);
        var notAfter = notBefore + Validity;

        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        var caRequest = new CertificateRequest("CN=messngr bench JetStream CA", caKey, HashAlgorithmName.SHA384);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, false));
        using var ca = caRequest.CreateSelfSigned(notBefore, notAfter);

        var files = new JetStreamTlsFiles(
            Path.Combine(directory, "ca.pem"),
            Path.Combine(directory, "server-cert.pem"),
            Path.Combine(directory, "server-key.pem"),
            Path.Combine(directory, "client-cert.pem"),
            Path.Combine(directory, "client-key.pem"));
        WritePrivate(files.CaFile, ca.ExportCertificatePem());
        Issue(ca, "CN=messngr bench JetStream server", serverAddress, ServerAuthOid, notBefore, notAfter, files.ServerCertFile, files.ServerKeyFile);
        Issue(ca, "CN=messngr bench client", null, ClientAuthOid, notBefore, notAfter, files.ClientCertFile, files.ClientKeyFile);
        return files;
    }

    private static void Issue(X509Certificate2 ca, string subject, IPAddress? address, string usage, DateTimeOffset notBefore, DateTimeOffset notAfter, string certFile, string keyFile)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA384);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(usage)], false));
        if (address is not null)
        {
            var names = new SubjectAlternativeNameBuilder();
            names.AddIpAddress(address);
            request.CertificateExtensions.Add(names.Build());
        }

        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        using var certificate = request.Create(ca, notBefore, notAfter, serial);
        WritePrivate(keyFile, key.ExportPkcs8PrivateKeyPem());
        WritePrivate(certFile, certificate.ExportCertificatePem());
    }

    /// <summary>Creates <paramref name="path"/> 0600 from the first byte (never a wider mode, even briefly).</summary>
    private static void WritePrivate(string path, string pem)
    {
        using var stream = new FileStream(path, new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
        });
        using var writer = new StreamWriter(stream);
        writer.Write(pem);
        writer.Write('\n');
    }
}
