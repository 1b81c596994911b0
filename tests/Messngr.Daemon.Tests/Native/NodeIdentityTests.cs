using System.Security.Cryptography.X509Certificates;
using System.Text;
using Messngr.Daemon.Core;
using Messngr.Daemon.Native;
using Messngr.Daemon.Tests.Users;

namespace Messngr.Daemon.Tests.Native;

/// <summary>The node's key and certificate in the state directory (issue #13, item 2).</summary>
public sealed class NodeIdentityTests
{
    private const UnixFileMode Private = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    [Fact]
    public void First_start_makes_a_p384_key_and_certificate_0600_and_later_starts_load_the_same_id()
    {
        using var directory = new TempDirectory();
        NodeId id;
        using (var created = NodeIdentity.LoadOrCreate(directory.Path, TimeProvider.System))
        {
            Assert.True(created.Created);
            id = created.Id;
            Assert.Equal(Private, File.GetUnixFileMode(directory.File(NodeIdentity.KeyFileName)));
            Assert.Equal(Private, File.GetUnixFileMode(directory.File(NodeIdentity.CertificateFileName)));
            Assert.Equal("CN=messngr node", created.Certificate.Subject);
            using var key = created.Certificate.GetECDsaPrivateKey()!;
            Assert.Equal(384, key.KeySize);
            Assert.True(created.Certificate.NotAfter - created.Certificate.NotBefore > TimeSpan.FromDays(19 * 365));
            Assert.Empty(Directory.GetFiles(directory.Path, "*.tmp"));
        }

        using var loaded = NodeIdentity.LoadOrCreate(directory.Path, TimeProvider.System);
        Assert.False(loaded.Created);
        Assert.Equal(id, loaded.Id);
        Assert.True(loaded.Certificate.HasPrivateKey);
    }

    [Fact]
    public void Private_files_are_created_0600_whatever_the_umask_and_stay_so_when_replaced()
    {
        // PrivateFile creates with mode 0600 itself: the test runner's umask (022) must not widen it.
        using var directory = new TempDirectory();
        var path = directory.File("secret.pem");
        PrivateFile.Write(path, "x"u8);
        Assert.Equal(Private, File.GetUnixFileMode(path));
        PrivateFile.Write(path, "y"u8);
        Assert.Equal("y", File.ReadAllText(path));
        Assert.Equal(Private, File.GetUnixFileMode(path));
    }

    [Fact]
    public void A_corrupt_key_is_a_start_error_and_nothing_is_regenerated()
    {
        using var directory = new TempDirectory();
        using (NodeIdentity.LoadOrCreate(directory.Path, TimeProvider.System))
        {
        }

        File.WriteAllText(directory.File(NodeIdentity.KeyFileName), "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
        var before = File.ReadAllBytes(directory.File(NodeIdentity.CertificateFileName));
        var ex = Assert.Throws<StoreException>(() => NodeIdentity.LoadOrCreate(directory.Path, TimeProvider.System));
        Assert.Equal(StoreFailure.Unusable, ex.Failure);
        Assert.Contains("node-key.pem", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', ex.Message);
        Assert.Equal(before, File.ReadAllBytes(directory.File(NodeIdentity.CertificateFileName)));
    }

    [Fact]
    public void A_key_of_another_node_is_a_start_error()
    {
        using var mine = new TempDirectory();
        using var other = new TempDirectory();
        using (NodeIdentity.LoadOrCreate(mine.Path, TimeProvider.System))
        using (NodeIdentity.LoadOrCreate(other.Path, TimeProvider.System))
        {
        }

        File.Copy(other.File(NodeIdentity.KeyFileName), mine.File(NodeIdentity.KeyFileName), overwrite: true);
        var ex = Assert.Throws<StoreException>(() => NodeIdentity.LoadOrCreate(mine.Path, TimeProvider.System));
        Assert.Contains("not a matching key and certificate", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(NodeIdentity.KeyFileName)]
    [InlineData(NodeIdentity.CertificateFileName)]
    public void Half_a_pair_is_a_start_error(string missing)
    {
        using var directory = new TempDirectory();
        using (NodeIdentity.LoadOrCreate(directory.Path, TimeProvider.System))
        {
        }

        File.Delete(directory.File(missing));
        var ex = Assert.Throws<StoreException>(() => NodeIdentity.LoadOrCreate(directory.Path, TimeProvider.System));
        Assert.Contains($"{missing} is missing", ex.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(directory.File(missing)));
    }

    [Fact]
    public void A_key_file_opened_up_by_hand_is_made_private_again()
    {
        using var directory = new TempDirectory();
        using (NodeIdentity.LoadOrCreate(directory.Path, TimeProvider.System))
        {
        }

        File.SetUnixFileMode(directory.File(NodeIdentity.KeyFileName), Private | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        using var loaded = NodeIdentity.LoadOrCreate(directory.Path, TimeProvider.System);
        Assert.Equal(Private, File.GetUnixFileMode(directory.File(NodeIdentity.KeyFileName)));
    }

    [Fact]
    public async Task Openssl_computes_the_same_node_id_and_certificate_fingerprint()
    {
        using var directory = new TempDirectory();
        using var identity = NodeIdentity.LoadOrCreate(directory.Path, TimeProvider.System);
        var cert = OpenSsl.Quote(directory.File(NodeIdentity.CertificateFileName));
        var key = OpenSsl.Quote(directory.File(NodeIdentity.KeyFileName));

        // The node id: SHA-256 of the SubjectPublicKeyInfo DER (also what the key file gives).
        Assert.Equal(identity.Id.HashHex, await OpenSsl.Sha256Async($"openssl x509 -in {cert} -pubkey -noout | openssl pkey -pubin -outform der"));
        Assert.Equal(identity.Id.HashHex, await OpenSsl.Sha256Async($"openssl pkey -in {key} -pubout -outform der"));
        // The certificate fingerprint of 'messngr id --json': SHA-256 of the certificate's DER.
        Assert.Equal(identity.CertificateFingerprint, await OpenSsl.Sha256Async($"openssl x509 -in {cert} -outform der"));
        var (code, text) = await OpenSsl.ShellAsync($"openssl x509 -in {cert} -noout -text");
        Assert.Equal(0, code);
        Assert.Contains("NIST CURVE: P-384", text, StringComparison.Ordinal);
        Assert.Contains("CA:FALSE", text, StringComparison.Ordinal);
        Assert.Contains("TLS Web Server Authentication, TLS Web Client Authentication", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_ca_signed_certificate_for_the_same_key_keeps_the_node_id()
    {
        using var directory = new TempDirectory();
        using var ca = new TempDirectory();
        NodeId id;
        using (var identity = NodeIdentity.LoadOrCreate(directory.Path, TimeProvider.System))
        {
            id = identity.Id;
        }

        using (WorkgroupCa.Init(Path.Combine(ca.Path, "ca"), DateTimeOffset.UtcNow))
        using (WorkgroupCa.Sign(Path.Combine(ca.Path, "ca"), directory.File(NodeIdentity.CertificateFileName), directory.File(NodeIdentity.CertificateFileName), DateTimeOffset.UtcNow))
        {
        }

        using var loaded = NodeIdentity.LoadOrCreate(directory.Path, TimeProvider.System);
        Assert.Equal(id, loaded.Id);
        Assert.Equal("CN=messngr workgroup CA", loaded.Certificate.Issuer);
        Assert.Contains("BEGIN CERTIFICATE", Encoding.ASCII.GetString(File.ReadAllBytes(directory.File(NodeIdentity.CertificateFileName))), StringComparison.Ordinal);
    }
}
