using System.Globalization;
using Messngr.Daemon.Control.Api;

namespace Messngr.Daemon.Sending;

/// <summary>
/// Where a reply to a received message goes (issue #14, reply): the one rule of the web page's and
/// the agent's Reply, applied by the daemon (<c>POST /v1/messages/{id}/reply</c>). A classic
/// message is answered to its sender's NetBIOS name (<c>From</c>), as <c>messngr send NAME</c>.
/// A native message carries its sender's LOGIN, which is no name on the sender's node, so it is
/// answered natively at NAME@ADDRESS:PORT: the name and native port the node announced in the peer
/// table, found by its verified node id (the sender's login when the node announced it as a name,
/// else its first name); else the name the trust list pins to that node id (<c>trust add ID
/// --name NAME</c>) on the default native port; a node known by neither is tried as
/// LOGIN@ADDRESS on the default native port. A port is always given, so the reply goes natively
/// (docs/native-protocol.md §1), never by a classic transport to a login.
/// </summary>
internal static class ReplyTarget
{
    /// <summary>The native transport's default TCP port (docs/native-protocol.md §1; <c>native port</c>).</summary>
    public const int DefaultNativePort = 2426;

    /// <summary>The recipient, as <c>messngr send</c> takes it, that answers <paramref name="message"/>.</summary>
    public static string For(MessageDto message, IReadOnlyList<PeerDto> peers, IReadOnlyList<TrustEntryDto> trust)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(peers);
        ArgumentNullException.ThrowIfNull(trust);
        if (!IsNative(message, out var user))
        {
            return message.From;
        }

        var address = message.SourceAddress.Contains(':', StringComparison.Ordinal) ? $"[{message.SourceAddress}]" : message.SourceAddress;
        var peer = peers.FirstOrDefault(p => p.NodeId is not null && p.NodeId == message.SenderNode && p.Names.Count > 0);
        if (peer is null)
        {
            var pinned = trust.FirstOrDefault(t => t.NodeId == message.SenderNode && !string.IsNullOrEmpty(t.Name))?.Name;
            return string.Create(CultureInfo.InvariantCulture, $"{pinned ?? user}@{address}:{DefaultNativePort}");
        }

        var name = peer.Names.FirstOrDefault(n => string.Equals(n, user, StringComparison.OrdinalIgnoreCase)) ?? peer.Names[0];
        return string.Create(CultureInfo.InvariantCulture, $"{name}@{address}:{peer.Port}");
    }

    /// <summary>Whether <paramref name="message"/> is answered natively (a native message with its sender's login).</summary>
    public static bool IsNative(MessageDto message, out string user)
    {
        ArgumentNullException.ThrowIfNull(message);
        user = message.SenderUser ?? string.Empty;
        return message.Transport == "native" && message.SenderUser is { Length: > 0 };
    }
}
