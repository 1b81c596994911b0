using System.Security.Cryptography;

namespace Messngr.Daemon.Native;

/// <summary>
/// The ANNOUNCE signature of docs/native-protocol.md §9.3: ECDSA with the certificate's key over
/// the curve's hash (SHA-256 for P-256, SHA-384 for P-384, SHA-512 for P-521), IEEE P1363 (r‖s).
/// </summary>
internal static class DiscoverySignature
{
    public const DSASignatureFormat Format = DSASignatureFormat.IeeeP1363FixedFieldConcatenation;

    public static HashAlgorithmName HashFor(ECDsa key) => key.KeySize switch
    {
        <= 256 => HashAlgorithmName.SHA256,
        <= 384 => HashAlgorithmName.SHA384,
        _ => HashAlgorithmName.SHA512,
    };

    public static byte[] Sign(ECDsa key, byte[] signedBytes) => key.SignData(signedBytes, HashFor(key), Format);

    public static bool Verify(ECDsa key, byte[] signedBytes, ReadOnlySpan<byte> signature) =>
        key.VerifyData(signedBytes, signature, HashFor(key), Format);
}
