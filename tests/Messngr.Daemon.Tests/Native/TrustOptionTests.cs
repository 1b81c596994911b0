using Messngr.Daemon.Native;
using Messngr.Daemon.Options;
using Messngr.Daemon.Tests.Users;

namespace Messngr.Daemon.Tests.Native;

/// <summary><c>trust ca</c> and <c>trust on first use</c> (issue #13, item 4): off by default, a bad CA file is a configuration error.</summary>
public sealed class TrustOptionTests
{
    private static ServeOptions Load(Dictionary<string, string> flags) =>
        ServeOptionsLoader.Load(flags, new Dictionary<string, string> { ["HOME"] = "/home/u" }, "/dev/null", isRoot: false);

    [Fact]
    public void Trust_on_first_use_is_off_and_there_is_no_ca_by_default()
    {
        var options = Load([]);
        Assert.False(options.TrustOnFirstUse);
        Assert.Null(options.TrustCaFile);
    }

    [Fact]
    public void A_missing_or_non_ca_certificate_is_refused_naming_the_option()
    {
        using var directory = new TempDirectory();
        var missing = Assert.Throws<ArgumentException>(() => Load(new() { ["trust-ca"] = directory.File("nope.pem") }));
        Assert.StartsWith("--trust-ca: no workgroup CA certificate at", missing.Message, StringComparison.Ordinal);

        using (var identity = NodeIdentity.LoadOrCreate(directory.Path, TimeProvider.System))
        {
        }

        var node = Assert.Throws<ArgumentException>(() => Load(new() { ["trust-ca"] = directory.File(NodeIdentity.CertificateFileName) }));
        Assert.Contains("is not a CA certificate", node.Message, StringComparison.Ordinal);

        File.WriteAllText(directory.File("junk.pem"), "junk");
        Assert.Throws<ArgumentException>(() => Load(new() { ["trust-ca"] = directory.File("junk.pem") }));
    }

    [Fact]
    public void A_ca_certificate_is_accepted_as_an_absolute_path()
    {
        using var directory = new TempDirectory();
        WorkgroupCa.Init(directory.File("ca"), DateTimeOffset.UtcNow).Dispose();
        var options = Load(new() { ["trust-ca"] = Path.Combine(directory.File("ca"), WorkgroupCa.CertificateFileName), ["trust-on-first-use"] = "yes" });
        Assert.Equal(Path.Combine(directory.File("ca"), WorkgroupCa.CertificateFileName), options.TrustCaFile);
        Assert.True(options.TrustOnFirstUse);
    }
}
