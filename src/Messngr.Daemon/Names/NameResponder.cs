using System.Net;
using System.Net.NetworkInformation;
using Messngr.Daemon.Listeners;
using Messngr.Wire.NetBios;
using Messngr.Wire.NetBios.NameService;
using Messngr.Daemon.Core;

namespace Messngr.Daemon.Names;

/// <summary>
/// End-node answers to other nodes' requests, from the name table alone (RFC 1002 §5.1.1.5,
/// protocols.md §2.6–2.7): name queries and node status for our registered names, and the
/// defence of our names against registrations. Queries for names we do not hold get no reply,
/// except a unicast query without RD, which nmbd refuses with NAM_ERR and so do we
/// (docs/classic-conformance.md, item 3).
/// </summary>
internal sealed class NameResponder
{
    /// <summary>TTL in our positive query responses: Samba's <c>max ttl</c> default, 3 days (protocols.md §2.3).</summary>
    public const uint QueryResponseTtl = 259_200;

    private readonly LocalNames _names;
    private readonly IPAddress _bindAddress;
    private readonly NbnsNodeType _nodeType;
    private readonly Func<IPAddress, PhysicalAddress?> _macOf;

    public NameResponder(LocalNames names, IPAddress bindAddress, NbnsNodeType nodeType, Func<IPAddress, PhysicalAddress?> macOf)
    {
        _names = names;
        _bindAddress = bindAddress;
        _nodeType = nodeType;
        _macOf = macOf;
    }

    /// <summary>
    /// Whether node status lists <see cref="NameKind.User"/> names (the logged-on users); off, they
    /// are left out so that no host learns who is logged on (a name shared with an alias or the
    /// computer name is listed as that). Queries for them are answered either way.
    /// </summary>
    public bool ListUsers { get; init; }

    /// <summary>The response owed to <paramref name="request"/> from <paramref name="peer"/>, or null when silence is right.</summary>
    public NbnsPacket? Answer(NbnsPacket request, IPAddress peer)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Flags.IsResponse || request.Question is not { } question)
        {
            return null;
        }

        return request.Flags.Opcode switch
        {
            NbnsOpcode.Query when question.Type == NbnsRrType.NBSTAT => NodeStatus(request.TransactionId, question.Name, peer),
            NbnsOpcode.Query when question.Type == NbnsRrType.NB => Query(request, question.Name, peer),
            NbnsOpcode.Registration => Defend(request, question.Name),
            _ => null,
        };
    }

    /// <summary>
    /// NODE STATUS RESPONSE for <c>*</c> or one of our registered names (RFC 1002 §5.1.1.5): every
    /// name that exists or is in conflict, CNF on the latter, DRG while releasing, ACT always
    /// (protocols.md §2.4); names still being registered are not shown, nor the logged-on users'
    /// unless <see cref="ListUsers"/>.
    /// </summary>
    private NbnsPacket? NodeStatus(ushort transactionId, NetBiosName asked, IPAddress peer)
    {
        // Names in another scope are not ours, the wildcard included (protocols.md §1.6, RFC 1002 §5.1.1.5).
        if (asked.IsWildcard ? !_names.InScope(asked) : _names.Find(asked) is null)
        {
            return null;
        }

        var table = _names.All
            .Where(n => n.State != NameState.Registering && (ListUsers || n.Kind != NameKind.User))
            .Select(n => new NodeStatusName(n.Name, NodeNameFlags.Create(
                n.IsGroup, _nodeType, deregistering: n.State == NameState.Releasing, conflict: n.State == NameState.Conflict)))
            .ToList();
        var statistics = _macOf(LocalAddressFor(peer)) is { } mac ? new NodeStatistics { UnitId = mac } : NodeStatistics.Zero;
        return NbnsPackets.NodeStatusResponse(transactionId, asked, table, statistics);
    }

    /// <summary>
    /// POSITIVE NAME QUERY RESPONSE for a registered name. A unicast query (B clear) without RD
    /// for a name we do not hold gets a NEGATIVE NAME QUERY RESPONSE with NAM_ERR (RFC 1002
    /// 4.2.14), as nmbd does (<c>process_name_query_request</c>: never to a broadcast, and not to
    /// a unicast query with RD, which asks a name server); so <c>nmblookup -U</c> fails at once
    /// instead of waiting through its retries. A name in conflict is refused to every unicast query
    /// and a broadcast one gets nothing ([MS-NBTE] 3.1.5.1, 4.1). The refusal is one datagram per
    /// admitted query and only 6 bytes longer (TTL, RDLENGTH), so it amplifies nothing.
    /// </summary>
    private NbnsPacket? Query(NbnsPacket request, NetBiosName name, IPAddress peer)
    {
        var local = _names.FindAny(name);
        if (local is { State: NameState.Registered })
        {
            var entry = new NbAddressEntry(NbFlags.Create(local.IsGroup, _nodeType), LocalAddressFor(peer));
            return NbnsPackets.PositiveQueryResponse(request.TransactionId, name, QueryResponseTtl, [entry]);
        }

        var refuse = !request.Flags.IsBroadcast && (local is { State: NameState.Conflict } || !request.Flags.IsRecursionDesired);
        return refuse ? NbnsPackets.NegativeQueryResponse(request.TransactionId, name, NbnsRcode.NAM_ERR) : null;
    }

    /// <summary>
    /// Defence (RFC 1002 §5.1.1.5, protocols.md §2.6): a registration of a name we hold registered
    /// gets a unicast NEGATIVE NAME REGISTRATION RESPONSE with ACT_ERR echoing the requester's
    /// NB_FLAGS and address (0xAD86, as nmbd) — unless both are group names. Names in conflict or
    /// starting with '*' are never defended ([MS-NBTE] 3.1.5.1).
    /// </summary>
    private NbnsPacket? Defend(NbnsPacket request, NetBiosName name)
    {
        if (request.Additional?.Data is not NbRData { Entries: [var requester, ..] })
        {
            return null;
        }

        if (_names.FindAny(name) is not { State: NameState.Registered } local || name.RawBytes[0] == (byte)'*')
        {
            return null;
        }

        if (requester.Flags.IsGroup && local.IsGroup)
        {
            return null;
        }

        return NbnsPackets.NegativeRegistrationResponse(request.TransactionId, name, requester, NbnsRcode.ACT_ERR);
    }

    private IPAddress LocalAddressFor(IPAddress peer) => LocalAddress.For(_bindAddress, peer);
}
