using Messngr.Daemon.Control.Api;
using Messngr.Daemon.Native;
using Microsoft.AspNetCore.Http;

namespace Messngr.Daemon.Control;

/// <summary>
/// <c>GET /v1/peers</c> (issue #13, item 5), for any local user: the peer table holds only what
/// the LAN announced and the configuration lists, nothing private (<see cref="ControlAuthorization"/>).
/// </summary>
internal static class ControlPeerEndpoints
{
    public static Task ListAsync(HttpContext context, IDaemonControl control)
    {
        IReadOnlyList<PeerDto> peers = control.Peers?.Snapshot().Select(ToDto).ToList() ?? [];
        return ControlRequestHandler.WriteJsonAsync(context, StatusCodes.Status200OK, peers, ControlJsonContext.Default.IReadOnlyListPeerDto);
    }

    public static PeerDto ToDto(PeerTableEntry entry) => new(
        entry.Id?.ToString(), entry.Id?.Short, entry.Names, entry.Address, entry.Port, entry.LastSeen, SourceName(entry.Source), entry.Trusted);

    public static string SourceName(PeerTableSource source) => source switch
    {
        PeerTableSource.Announced => "announced",
        PeerTableSource.Static => "static",
        PeerTableSource.Both => "both",
        _ => throw new ArgumentOutOfRangeException(nameof(source), source, null),
    };
}
