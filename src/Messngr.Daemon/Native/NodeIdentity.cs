using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Messngr.Daemon.Core;

namespace Messngr.Daemon.Native;

/// <summary>
/// This node's key pair and certificate (issue #13, item 2), in <c>STATE_DIR/node-key.pem</c>
/// (PKCS#8) and <c>STATE_DIR/node-cert.pem</c>, both 0600. Made on the first start of
/// <c>messngr serve</c>, loaded on every later one. A pair that is missing half, unreadable or
/// mismatched is a <see cref="StoreException"/> (serve exits 70): making a new key would silently
/// change the node id every peer has pinned, so that is left to the admin.
/// The certificate may be replaced by one a workgroup CA issued for the same key
/// (<c>messngr ca sign</c>); the node id, a hash of the key, stays the same.
/// </summary>
internal sealed class NodeIdentity : IDisposable
{
    public const string KeyFileName = "node-key.pem";
    public const string CertificateFileName = "node-cert.pem";

    /// <summary>A PEM key or certificate larger than this is not one messngr wrote.</summary>
    public const int MaxFileBytes = 64 * 1024;

    private NodeIdentity(X509Certificate2 certificate, bool created)
    {
        Certificate = certificate;
        Id = NodeId.FromCertificate(certificate);
        Created = created;
    }

    /// <summary>The certificate with its private key (for <c>SslStream</c>).</summary>
    public X509Certificate2 Certificate { get; }

    public NodeId Id { get; }

    /// <summary>True when this start made the key (first start).</summary>
    public bool Created { get; }

    /// <summary>SHA-256 of the certificate's DER, lower-case hex.</summary>
    public string CertificateFingerprint => NodeCertificates.Fingerprint(Certificate);

    public static string KeyPath(string stateDirectory) => Path.Combine(stateDirectory, KeyFileName);

    public static string CertificatePath(string stateDirectory) => Path.Combine(stateDirectory, CertificateFileName);

    /// <summary>Loads the pair from <paramref name="stateDirectory"/>, or makes it when neither file exists.</summary>
    public static NodeIdentity LoadOrCreate(string stateDirectory, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        var keyPath = KeyPath(stateDirectory);
        var certificatePath = CertificatePath(stateDirectory);
        var hasKey = File.Exists(keyPath);
        var hasCertificate = File.Exists(certificatePath);
        if (!hasKey && !hasCertificate)
        {
            return Create(keyPath, certificatePath, time.GetUtcNow());
        }

        if (!hasKey || !hasCertificate)
        {
            throw Broken(hasKey ? certificatePath : keyPath, "is missing while " + Path.GetFileName(hasKey ? keyPath : certificatePath) + " exists");
        }

        return Load(keyPath, certificatePath);
    }

    private static NodeIdentity Create(string keyPath, string certificatePath, DateTimeOffset now)
    {
        using var key = NodeCertificates.NewKey();
        // CreateSelfSigned returns the certificate with its private key.
        var selfSigned = NodeCertificates.SelfSigned(key, now);
        try
        {
            // The key first: a crash before the certificate leaves a key without one, which the next start reports.
            PrivateFile.Write(keyPath, Encoding.ASCII.GetBytes(key.ExportPkcs8PrivateKeyPem()));
            PrivateFile.Write(certificatePath, Encoding.ASCII.GetBytes(selfSigned.ExportCertificatePem()));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            selfSigned.Dispose();
            throw new StoreException($"cannot write the node key {keyPath}: {ex.Message}", ex) { Failure = ex is UnauthorizedAccessException ? StoreFailure.Permission : StoreFailure.Unusable };
        }

        return new NodeIdentity(selfSigned, created: true);
    }

    private static NodeIdentity Load(string keyPath, string certificatePath)
    {
        var keyPem = ReadPem(keyPath);
        var certificatePem = ReadPem(certificatePath);
        X509Certificate2 certificate;
        try
        {
            certificate = X509Certificate2.CreateFromPem(certificatePem, keyPem);
        }
        catch (Exception ex) when (ex is CryptographicException or ArgumentException)
        {
            throw Broken(keyPath, $"and {Path.GetFileName(certificatePath)} are not a matching key and certificate ({ex.Message.TrimEnd('.')})");
        }

        if (!certificate.HasPrivateKey || NodeCertificates.IsAuthority(certificate))
        {
            certificate.Dispose();
            throw Broken(certificatePath, "is not a node certificate (it is a CA certificate or has no key)");
        }

        return new NodeIdentity(certificate, created: false);
    }

    private static string ReadPem(string path)
    {
        try
        {
            // Someone may have copied the files in with a loose umask: they hold the node's secret.
            if ((File.GetUnixFileMode(path) & ~PrivateFile.Mode) != 0)
            {
                File.SetUnixFileMode(path, PrivateFile.Mode);
            }

            var info = new FileInfo(path);
            return info.Length > MaxFileBytes
                ? throw Broken(path, $"is larger than {MaxFileBytes} bytes")
                : File.ReadAllText(path, Encoding.ASCII);
        }
        catch (Exception ex) when (ex is IOException and not StoreException or UnauthorizedAccessException)
        {
            throw new StoreException($"cannot read the node identity file {path}: {ex.Message}", ex) { Failure = ex is UnauthorizedAccessException ? StoreFailure.Permission : StoreFailure.Unusable };
        }
    }

    private static StoreException Broken(string path, string what) =>
        new($"the node identity file {path} {what}; restore node-key.pem and node-cert.pem from a backup (deleting both makes a new node id that every peer must trust again)");

    public void Dispose() => Certificate.Dispose();
}
