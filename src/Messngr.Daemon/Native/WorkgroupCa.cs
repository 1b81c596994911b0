using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Messngr.Daemon.Native;

/// <summary>
/// A workgroup CA (issue #13, item 4) for <c>messngr ca init</c> and <c>messngr ca sign</c>: a key
/// and a self-signed CA certificate in a directory of the admin's choice (<c>ca-key.pem</c>,
/// <c>ca-cert.pem</c>, 0600), and node certificates issued for a node's own public key, so the
/// node id (a hash of that key) does not change. Peers trust what it signed with <c>trust ca = FILE</c>.
/// Errors are <see cref="IOException"/>s (files) or <see cref="ArgumentException"/>s (contents), one sentence each.
/// </summary>
internal static class WorkgroupCa
{
    public const string KeyFileName = "ca-key.pem";
    public const string CertificateFileName = "ca-cert.pem";

    /// <summary>Makes the CA in <paramref name="directory"/> (created 0700 when missing); an existing CA is never overwritten.</summary>
    public static X509Certificate2 Init(string directory, DateTimeOffset now)
    {
        Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var keyPath = Path.Combine(directory, KeyFileName);
        var certificatePath = Path.Combine(directory, CertificateFileName);
        if (File.Exists(keyPath) || File.Exists(certificatePath))
        {
            throw new IOException($"{directory} already holds a CA ({KeyFileName} or {CertificateFileName}); a new one would orphan every certificate it signed");
        }

        using var key = NodeCertificates.NewKey();
        var certificate = NodeCertificates.Authority(key, now);
        PrivateFile.Write(keyPath, Encoding.ASCII.GetBytes(key.ExportPkcs8PrivateKeyPem()));
        PrivateFile.Write(certificatePath, Encoding.ASCII.GetBytes(certificate.ExportCertificatePem()));
        return certificate;
    }

    /// <summary>Issues a node certificate for the key in <paramref name="nodeCertificatePath"/>, written to <paramref name="outputPath"/> (0600).</summary>
    public static X509Certificate2 Sign(string caDirectory, string nodeCertificatePath, string outputPath, DateTimeOffset now)
    {
        using var authority = LoadAuthority(caDirectory);
        using var node = LoadCertificate(nodeCertificatePath, "node certificate");
        if (NodeCertificates.IsAuthority(node))
        {
            throw new ArgumentException($"{nodeCertificatePath} is a CA certificate, not a node's (give STATE_DIR/{NodeIdentity.CertificateFileName})");
        }

        if (node.GetECDsaPublicKey() is not { } nodeKey)
        {
            throw new ArgumentException($"{nodeCertificatePath} does not hold an ECDSA key, so it is not a messngr node certificate");
        }

        nodeKey.Dispose();
        var issued = NodeCertificates.Issue(node, authority, now);
        PrivateFile.Write(outputPath, Encoding.ASCII.GetBytes(issued.ExportCertificatePem()));
        return issued;
    }

    /// <summary>The CA certificate with its key from <paramref name="directory"/>.</summary>
    public static X509Certificate2 LoadAuthority(string directory)
    {
        var keyPath = Path.Combine(directory, KeyFileName);
        var certificatePath = Path.Combine(directory, CertificateFileName);
        var keyPem = ReadPem(keyPath, "CA key");
        var certificatePem = ReadPem(certificatePath, "CA certificate");
        X509Certificate2 authority;
        try
        {
            authority = X509Certificate2.CreateFromPem(certificatePem, keyPem);
        }
        catch (Exception ex) when (ex is CryptographicException or ArgumentException)
        {
            throw new ArgumentException($"{keyPath} and {certificatePath} are not a matching CA key and certificate ({ex.Message.TrimEnd('.')})", ex);
        }

        if (!NodeCertificates.IsAuthority(authority))
        {
            authority.Dispose();
            throw new ArgumentException($"{certificatePath} is not a CA certificate");
        }

        return authority;
    }

    /// <summary>A certificate (PEM) from <paramref name="path"/>, bounded in size; <paramref name="what"/> names it in errors.</summary>
    public static X509Certificate2 LoadCertificate(string path, string what)
    {
        var pem = ReadPem(path, what);
        try
        {
            return X509Certificate2.CreateFromPem(pem);
        }
        catch (CryptographicException ex)
        {
            throw new ArgumentException($"{path} is not a PEM {what} ({ex.Message.TrimEnd('.')})", ex);
        }
    }

    private static string ReadPem(string path, string what)
    {
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            throw new FileNotFoundException($"no {what} at {path}", path);
        }

        return info.Length > NodeIdentity.MaxFileBytes
            ? throw new ArgumentException($"{path} is larger than {NodeIdentity.MaxFileBytes} bytes, not a PEM {what}")
            : File.ReadAllText(path, Encoding.ASCII);
    }
}
