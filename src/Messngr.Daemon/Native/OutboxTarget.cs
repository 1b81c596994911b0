using System.Globalization;
using System.Net;

namespace Messngr.Daemon.Native;

/// <summary>
/// Where an outbox message goes, from the recipient as the user wrote it (issue #13, item 7):
/// <c>NAME@HOST[:PORT]</c> — HOST an IPv4 address, <c>[IPv6]</c> or a DNS name (resolved at each
/// attempt), PORT 2426 (the default <c>native port</c>) when left out — or a bare <c>NAME</c>, the
/// trusted node the peer table lists for it. The wire's RECIPIENT is always NAME (§5.3).
/// </summary>
internal sealed record OutboxTarget(string Name, string? Host, ushort Port)
{
    /// <summary>docs/native-protocol.md §1: the native transport's port.</summary>
    public const ushort DefaultPort = 2426;

    /// <summary>The key that groups messages for one destination (each group shares one connection).</summary>
    public string Key => Host is null ? $"name:{Name.ToUpperInvariant()}" : $"{Host.ToLowerInvariant()}:{Port.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>The target, or null with the problem for a recipient that can never be delivered.</summary>
    public static OutboxTarget? Parse(string recipient, out string? problem)
    {
        problem = null;
        var at = recipient.IndexOf('@', StringComparison.Ordinal);
        var name = (at < 0 ? recipient : recipient[..at]).Trim();
        if (name.Length is 0 or > 64)
        {
            problem = $"'{recipient}' names no recipient (NAME or NAME@HOST[:PORT], NAME 1-64 characters)";
            return null;
        }

        if (at < 0)
        {
            return new OutboxTarget(name, null, DefaultPort);
        }

        var node = recipient[(at + 1)..].Trim();
        string host;
        string? port = null;
        if (node.StartsWith('['))
        {
            var close = node.IndexOf(']', StringComparison.Ordinal);
            host = close > 1 ? node[1..close] : string.Empty;
            var rest = close > 0 ? node[(close + 1)..] : "?";
            port = rest.Length == 0 ? null : rest.StartsWith(':') ? rest[1..] : "?";
            if (!IPAddress.TryParse(host, out var v6) || v6.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6)
            {
                host = string.Empty;
            }
        }
        else
        {
            var colon = node.LastIndexOf(':');
            host = colon < 0 ? node : node[..colon];
            port = colon < 0 ? null : node[(colon + 1)..];
        }

        if (host.Length == 0 || host.Contains(':', StringComparison.Ordinal) && !node.StartsWith('[') || Uri.CheckHostName(host) == UriHostNameType.Unknown)
        {
            problem = $"'{recipient}': '{node}' is not a host (an IPv4 address, [IPv6] or a DNS name, then :PORT if not 2426)";
            return null;
        }

        if (port is null)
        {
            return new OutboxTarget(name, host, DefaultPort);
        }

        if (!ushort.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number == 0)
        {
            problem = $"'{recipient}': '{port}' is not a port (1-65535)";
            return null;
        }

        return new OutboxTarget(name, host, number);
    }
}
