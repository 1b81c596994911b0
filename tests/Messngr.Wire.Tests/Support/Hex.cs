namespace Messngr.Wire.Tests.Support;

/// <summary>Hex strings with spaces, as protocols.md prints them: <c>"81 00 00 44"</c>.</summary>
internal static class Hex
{
    public static byte[] Parse(string hex) => Convert.FromHexString(new string(hex.Where(Uri.IsHexDigit).ToArray()));

    public static string Format(ReadOnlySpan<byte> bytes) => Convert.ToHexString(bytes).ToLowerInvariant();
}
