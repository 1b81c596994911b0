using Messngr.Daemon.Control.Api;

namespace Messngr.Cli.Desktop;

/// <summary>
/// Where an inline reply goes (issue #14, item 1): a native message natively to its sender's node
/// (<c>--native NAME@ADDRESS:PORT</c>, through the daemon's <c>POST /v1/send</c>), a classic one to
/// its sender's NetBIOS name the way <c>messngr send NAME</c> sends it. A native message carries
/// its sender's login, not a name the sender's node holds, so NAME@ADDRESS:PORT comes from the
/// peer table (<c>GET /v1/peers</c>: the names and native port the node announced, found by its
/// verified node id; the sender's login when the node announced it as a name, else its first
/// name), else the name the trust list pins to that node id (<c>trust add ID --name NAME</c>) on
/// the default native port; a node known by neither is tried as LOGIN@ADDRESS. The
/// reply is sent by <see cref="Commands.SendCommand"/> itself: the same send as on the command line.
/// </summary>
internal static class AgentReply
{
    /// <summary>The arguments of <c>messngr send</c> that answer <paramref name="message"/> with <paramref name="text"/>.</summary>
    public static IReadOnlyList<string> SendArguments(MessageDto message, string text, IReadOnlyDictionary<string, string> flags, IReadOnlyList<PeerDto>? peers = null, IReadOnlyList<TrustEntryDto>? trust = null)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(flags);
        var args = new List<string>();
        if (flags.TryGetValue("state-dir", out var stateDir))
        {
            args.Add("--state-dir");
            args.Add(stateDir);
        }

        if (message.Transport == "native" && message.SenderUser is { } user)
        {
            args.Add("--native");
            args.Add(NativeRecipient(message, user, peers ?? [], trust ?? []));
        }
        else
        {
            args.Add(message.From);
        }

        args.Add("--");
        args.Add(text);
        return args;
    }

    /// <summary>NAME@ADDRESS:PORT of the native sender's node (see the type's summary).</summary>
    public static string NativeRecipient(MessageDto message, string user, IReadOnlyList<PeerDto> peers, IReadOnlyList<TrustEntryDto> trust)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(peers);
        ArgumentNullException.ThrowIfNull(trust);
        var address = message.SourceAddress.Contains(':', StringComparison.Ordinal) ? $"[{message.SourceAddress}]" : message.SourceAddress;
        var peer = peers.FirstOrDefault(p => p.NodeId is not null && p.NodeId == message.SenderNode && p.Names.Count > 0);
        if (peer is null)
        {
            var pinned = trust.FirstOrDefault(t => t.NodeId == message.SenderNode && !string.IsNullOrEmpty(t.Name))?.Name;
            return $"{pinned ?? user}@{address}";
        }

        var name = peer.Names.FirstOrDefault(n => string.Equals(n, user, StringComparison.OrdinalIgnoreCase)) ?? peer.Names[0];
        return $"{name}@{address}:{peer.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
    }
}
