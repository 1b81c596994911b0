using System.Net;
using Messngr.Wire.NetBios.NameService;

namespace Messngr.Daemon.Resolution;

/// <summary>
/// What one NAME QUERY (RFC 1002 4.2.12) brought back: the addresses of every positive answer
/// (deduplicated; nmbd answers each broadcast twice, protocols.md §2.3), whether any answer had
/// the G bit, the RCODE of a negative answer, and the datagrams ignored on the way.
/// </summary>
internal sealed record NbnsQueryResult(
    IReadOnlyList<IPAddress> Addresses,
    bool IsGroup,
    NbnsRcode? NegativeRcode,
    bool Waited,
    int Ignored,
    IReadOnlyList<string> SendErrors)
{
    public bool Found => Addresses.Count > 0;
}
