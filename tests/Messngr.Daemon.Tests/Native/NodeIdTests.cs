using System.Security.Cryptography;
using Messngr.Daemon.Native;

namespace Messngr.Daemon.Tests.Native;

/// <summary>
/// Node ids read and print as Syncthing's device ids (lib/protocol/deviceid_test.go's vectors):
/// the same text, the same check characters, the same tolerant parse.
/// </summary>
public sealed class NodeIdTests
{
    private const string Formatted = "P56IOI7-MZJNU2Y-IQGDREY-DM2MGTI-MGL3BXN-PQ6W5BM-TBBZ4TJ-XZWICQ2";

    [Theory]
    [InlineData("P56IOI-7MZJNU-2IQGDR-EYDM2M-GTMGL3-BXNPQ6-W5BTBB-Z4TJXZ-WICQ")]
    [InlineData("P56IOI-7MZJNU2Y-IQGDR-EYDM2M-GTI-MGL3-BXNPQ6-W5BM-TBB-Z4TJXZ-WICQ2")]
    [InlineData("P56IOI7 MZJNU2I QGDREYD M2MGTMGL 3BXNPQ6W 5BTB BZ4T JXZWICQ")]
    [InlineData("P56IOI7 MZJNU2Y IQGDREY DM2MGTI MGL3BXN PQ6W5BM TBBZ4TJ XZWICQ2")]
    [InlineData("P56IOI7MZJNU2IQGDREYDM2MGTMGL3BXNPQ6W5BTBBZ4TJXZWICQ")]
    [InlineData("p56ioi7mzjnu2iqgdreydm2mgtmgl3bxnpq6w5btbbz4tjxzwicq")]
    [InlineData("P56IOI7MZJNU2YIQGDREYDM2MGTIMGL3BXNPQ6W5BMTBBZ4TJXZWICQ2")]
    [InlineData("P561017MZJNU2YIQGDREYDM2MGTIMGL3BXNPQ6W5BMT88Z4TJXZWICQ2")]
    [InlineData("p56ioi7mzjnu2yiqgdreydm2mgtimgl3bxnpq6w5bmtbbz4tjxzwicq2")]
    [InlineData("p561017mzjnu2yiqgdreydm2mgtimgl3bxnpq6w5bmt88z4tjxzwicq2")]
    public void Syncthing_device_id_forms_parse_to_the_same_formatted_id(string text)
    {
        Assert.Equal(Formatted, NodeId.Parse(text).ToString());
    }

    [Theory]
    [InlineData("a", "Length")]
    [InlineData("", "Length")]
    [InlineData("P56IOI7MZJNU2IQGDREYDM2MGTMGL3BXNPQ6W5BTBBZ4TJXZWICQCCCC", "CheckCharacter")]
    [InlineData("p56ioi7mzjnu2iqgdreydm2mgtmgl3bxnpq6w5btbbz4tjxzwicqCCCC", "CheckCharacter")]
    [InlineData("P56IOI7-MZJNU2Y-IQGDREY-DM2MGTI-MGL3BXN-PQ6W5BM-TBBZ4TJ-XZWICQ2!", "Character")]
    [InlineData("P56IOI7-MZJNU2Y-IQGDREY-DM2MGTI-MGL3BXN-PQ6W5BM-TBBZ4TJ-XZWICQ", "Length")]
    public void Texts_that_are_not_node_ids_are_refused_with_the_reason(string text, string error)
    {
        var ex = Assert.Throws<NodeIdFormatException>(() => NodeId.Parse(text));
        Assert.Equal(Enum.Parse<NodeIdError>(error), ex.Error);
        Assert.False(NodeId.TryParse(text, out _));
    }

    [Theory]
    [InlineData("P56IOI7-MZJNU2Z-IQGDREY-DM2MGTI-MGL3BXN-PQ6W5BM-TBBZ4TJ-XZWICQ2", 1)]
    [InlineData("P56IOI7-MZJNU2Y-IQGDREY-DM2MGTI-MGL3BXN-PQ6W5BM-TBBZ4TJ-XZWICA2", 4)]
    [InlineData("P56IOI7-MZJNU2Y-IQGDREY-DM2MGTI-MGL3BXN-PQ7W5BM-TBBZ4TJ-XZWICQ2", 3)]
    public void A_typo_is_reported_in_the_group_that_holds_it(string text, int group)
    {
        var ex = Assert.Throws<NodeIdFormatException>(() => NodeId.Parse(text));
        Assert.Equal(NodeIdError.CheckCharacter, ex.Error);
        Assert.Equal(group, ex.Group);
        Assert.Contains($"groups {(group * 2) - 1}-{group * 2}", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_characters_follow_syncthings_luhn_mod_32()
    {
        // luhn.go: factor 1, 2, 1 … from the left, addend / 32 + addend % 32, check (32 - sum % 32) % 32.
        Assert.Equal('Y', Luhn32.Check("P56IOI7MZJNU2"));
        Assert.Equal('I', Luhn32.Check("IQGDREYDM2MGT"));
        Assert.Equal('M', Luhn32.Check("MGL3BXNPQ6W5B"));
        Assert.Equal('2', Luhn32.Check("TBBZ4TJXZWICQ"));
        Assert.Equal('A', Luhn32.Check("AAAAAAAAAAAAA"));
    }

    [Fact]
    public void The_hash_goes_through_base32_and_back()
    {
        var hash = SHA256.HashData("messngr"u8);
        var id = NodeId.FromHash(hash);
        Assert.Equal(hash, id.Hash());
        Assert.Equal(Convert.ToHexStringLower(hash), id.HashHex);
        Assert.Equal(id, NodeId.Parse(id.ToString()));
        Assert.Equal(id, NodeId.Parse(id.ToString().Replace("-", string.Empty, StringComparison.Ordinal).ToLowerInvariant()));
        Assert.Matches("^([A-Z2-7]{7}-){7}[A-Z2-7]{7}$", id.ToString());
        Assert.Equal(id.ToString()[..7], id.Short);
    }

    [Fact]
    public void The_id_is_the_sha256_of_the_certificates_public_key_not_of_the_certificate()
    {
        using var key = NodeCertificates.NewKey();
        using var first = NodeCertificates.SelfSigned(key, DateTimeOffset.UtcNow);
        using var second = NodeCertificates.SelfSigned(key, DateTimeOffset.UtcNow.AddDays(1));
        var id = NodeId.FromCertificate(first);
        Assert.Equal(SHA256.HashData(key.ExportSubjectPublicKeyInfo()), id.Hash());
        Assert.Equal(id, NodeId.FromCertificate(second));
        Assert.NotEqual(NodeCertificates.Fingerprint(first), NodeCertificates.Fingerprint(second));
    }

    [Fact]
    public void Trailing_bits_past_the_hash_are_refused()
    {
        // 52 characters carry 260 bits; a last character with any of its low 4 bits set is no SHA-256.
        var ex = Assert.Throws<NodeIdFormatException>(() => NodeId.Parse("P56IOI7MZJNU2IQGDREYDM2MGTMGL3BXNPQ6W5BTBBZ4TJXZWICR"));
        Assert.Equal(NodeIdError.TrailingBits, ex.Error);
    }
}
