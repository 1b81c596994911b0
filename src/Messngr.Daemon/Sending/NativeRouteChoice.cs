using System.Net;
using Messngr.Daemon.Control.Api;

namespace Messngr.Daemon.Sending;

/// <summary>
/// Which recipients go natively when the transport is auto (issue #13, item 8): the one rule of
/// <c>messngr send</c> (the CLI's <c>SendNativeRoute</c>) and the daemon's <c>POST /v1/send/any</c>
/// (issue #14, item 2; <see cref="DaemonNativeRoute"/>), over the daemon's peer table.
/// </summary>
internal static class NativeRouteChoice
{
    /// <summary>
    /// The trusted node that takes <paramref name="recipient"/>: for NAME one that announced NAME;
    /// for NAME@HOST[:PORT] the one at that address (and port, when given). Untrusted nodes never match.
    /// </summary>
    public static PeerDto? Match(IReadOnlyList<PeerDto> peers, Recipient recipient)
    {
        foreach (var peer in peers)
        {
            if (!peer.Trusted || peer.NodeId is null)
            {
                continue;
            }

            if (recipient.Form == RecipientForm.Name && peer.Names.Any(n => string.Equals(n, recipient.Name, StringComparison.OrdinalIgnoreCase)))
            {
                return peer;
            }

            if (recipient.Form == RecipientForm.NameAtHost && recipient.Host is not null && HostMatches(peer, recipient))
            {
                return peer;
            }
        }

        return null;
    }

    private static bool HostMatches(PeerDto peer, Recipient recipient) =>
        (recipient.Port is not { } port || port == peer.Port) && SameAddress(peer.Address, recipient.Host!);

    private static bool SameAddress(string peer, string host) =>
        IPAddress.TryParse(peer, out var a) && IPAddress.TryParse(host, out var b) ? a.Equals(b) : string.Equals(peer, host, StringComparison.OrdinalIgnoreCase);
}
