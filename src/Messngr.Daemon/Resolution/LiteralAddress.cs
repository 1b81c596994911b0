using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Net.Sockets;

namespace Messngr.Daemon.Resolution;

/// <summary>
/// A recipient given as a dotted-quad IPv4 address needs no name resolution (like
/// <c>smbclient -M NAME -I ADDR</c>). Only the four-part form counts: <c>IPAddress.TryParse</c>
/// would also take "10" or "0x0a.1" — which are more likely misspelled names.
/// </summary>
internal static class LiteralAddress
{
    public static bool TryParse(string? text, [NotNullWhen(true)] out IPAddress? address)
    {
        address = null;
        if (string.IsNullOrEmpty(text) || text.Length > 15)
        {
            return false;
        }

        var parts = text.Split('.');
        if (parts.Length != 4 || parts.Any(p => p.Length is 0 or > 3 || !p.All(char.IsAsciiDigit)))
        {
            return false;
        }

        if (!IPAddress.TryParse(text, out var parsed) || parsed.AddressFamily != AddressFamily.InterNetwork)
        {
            return false;
        }

        address = parsed;
        return true;
    }
}
