using System.Globalization;
using System.Net;

namespace Messngr.Daemon.Options;

/// <summary>The TCP listeners' options: the web page, the HTTP API and the metrics (issues #14 and #15).</summary>
internal static partial class ServeOptionsLoader
{
    /// <summary>
    /// <c>web listen</c> (issue #14, item 2): ADDR:PORT with a loopback address (127.0.0.0/8, ::1 in
    /// brackets), or <c>off</c>. Any other address is refused: the page is for this machine's users
    /// only, and a token sent over a network in clear text could be read there.
    /// </summary>
    internal static System.Net.IPEndPoint? ParseWebListen((string Value, string Source)? setting)
    {
        if (setting is not { } s)
        {
            return new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 2427);
        }

        var value = s.Value.Trim();
        if (value.Equals("off", StringComparison.OrdinalIgnoreCase) || value.Equals("no", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        if (!System.Net.IPEndPoint.TryParse(value, out var endpoint) || endpoint.Port == 0 || !value.Contains(':', StringComparison.Ordinal) ||
            (endpoint.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 && !value.StartsWith('[')))
        {
            throw new ArgumentException($"{s.Source}: '{s.Value}' is not ADDR:PORT (e.g. 127.0.0.1:2427) or off");
        }

        return System.Net.IPAddress.IsLoopback(endpoint.Address)
            ? endpoint
            : throw new ArgumentException($"{s.Source}: '{s.Value}' is not a loopback address; the web page is served on loopback only (127.0.0.1 or [::1])");
    }

    /// <summary>
    /// <c>metrics listen</c> (issue #15, item 6): ADDR:PORT (an IPv6 address in brackets) or
    /// <c>off</c>; 127.0.0.1:2429 when not set. Any address is allowed: the listener serves counts
    /// and listener states only, never names, texts or addresses (README, "Metrics and health").
    /// </summary>
    internal static System.Net.IPEndPoint? ParseMetricsListen((string Value, string Source)? setting)
    {
        if (setting is not { } s)
        {
            return new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 2429);
        }

        var value = s.Value.Trim();
        if (value.Equals("off", StringComparison.OrdinalIgnoreCase) || value.Equals("no", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        return System.Net.IPEndPoint.TryParse(value, out var endpoint) && endpoint.Port != 0 && value.Contains(':', StringComparison.Ordinal) &&
            (endpoint.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6 || value.StartsWith('['))
            ? endpoint
            : throw new ArgumentException($"{s.Source}: '{s.Value}' is not ADDR:PORT (e.g. 127.0.0.1:2429) or off");
    }

    /// <summary>
    /// <c>api listen</c>, <c>api tls certificate</c>, <c>api tls key</c> (issue #15, item 1): ADDR:PORT
    /// (default 127.0.0.1:2428) or off; the certificate and key are PEM files read when the API
    /// starts (no key: the certificate's file holds the key too). An address other than loopback without them is refused, naming the key:
    /// tokens must not cross a network in clear text.
    /// </summary>
    internal static Api.ApiListenOptions? ParseApiListen((string Value, string Source)? listen, (string Value, string Source)? certificate, (string Value, string Source)? key)
    {
        var cert = certificate is { } c && c.Value.Trim() is { Length: > 0 } cv && cv != "none" ? cv : null;
        var keyFile = key is { } k && k.Value.Trim() is { Length: > 0 } kv && kv != "none" ? kv : null;
        if (cert is null && keyFile is not null)
        {
            throw new ArgumentException($"{key!.Value.Source}: api tls key needs api tls certificate as well");
        }

        if (listen is not { } s)
        {
            return new Api.ApiListenOptions(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 2428), cert, keyFile);
        }

        var value = s.Value.Trim();
        if (value.Equals("off", StringComparison.OrdinalIgnoreCase) || value.Equals("no", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        if (!System.Net.IPEndPoint.TryParse(value, out var endpoint) || !value.Contains(':', StringComparison.Ordinal) ||
            (endpoint.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 && !value.StartsWith('[')))
        {
            throw new ArgumentException($"{s.Source}: '{Display.TerminalText.Sanitize(s.Value, keepNewlines: false)}' is not ADDR:PORT (e.g. 127.0.0.1:2428) or off");
        }

        return System.Net.IPAddress.IsLoopback(endpoint.Address) || cert is not null
            ? new Api.ApiListenOptions(endpoint, cert, keyFile)
            : throw new ArgumentException($"{s.Source}: '{Display.TerminalText.Sanitize(s.Value, keepNewlines: false)}' is not a loopback address, so the API needs TLS: set api tls certificate and api tls key (PEM files)");
    }
}
