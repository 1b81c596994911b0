using System.Text;

namespace Messngr.Wire.Smb1;

/// <summary>
/// Turns user strings into the OEM bytes of messaging fields, enforcing the write-side limits of
/// [MS-MSRP] 2.2.3.1 (names ≤ 15 bytes + NUL, blocks ≤ 128 bytes). Strings are never Unicode
/// here, whatever Flags2 says (protocols.md §8).
/// </summary>
internal static class SmbText
{
    public static byte[] EncodeName(string value, Encoding? oem, string paramName)
    {
        ArgumentNullException.ThrowIfNull(value, paramName);
        var encoding = oem ?? OemCodePage.Default;
        var bytes = OemCodePage.EncodeStrict(value, encoding, paramName);
        if (bytes.Length > MessageLimits.SmbNameBytes)
        {
            throw new ArgumentException($"{paramName} '{value}' is {bytes.Length} bytes in code page {encoding.CodePage}; SMB messaging allows {MessageLimits.SmbNameBytes} ([MS-MSRP] 2.2.3.1)", paramName);
        }

        if (Array.IndexOf(bytes, (byte)0) >= 0)
        {
            throw new ArgumentException($"{paramName} '{value}' contains a NUL character", paramName);
        }

        return bytes;
    }

    public static ReadOnlyMemory<byte> CheckBlock(ReadOnlyMemory<byte> data, string paramName)
    {
        if (data.Length > MessageLimits.SmbBlockBytes)
        {
            throw new ArgumentException($"{paramName} is {data.Length} bytes; one SMB message block carries at most {MessageLimits.SmbBlockBytes} ([MS-MSRP] 2.2.3.1, 2.2.3.3)", paramName);
        }

        return data;
    }
}
