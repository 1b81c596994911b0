using System.Net;

namespace Messngr.Wire.NetBios.NameService;

/// <summary>
/// Builders for every packet of the NBNS catalogue with its exact FLAGS value
/// (RFC 1002 4.2.2–4.2.18, protocols.md §2.3). Requests that carry an additional RR name it with
/// the label pointer <c>C0 0C</c> to the question, as nmbd does (protocols.md §2.5); responses have
/// no question and write the name in full.
/// </summary>
public static class NbnsPackets
{
    /// <summary>Offset of the first question name: right after the 12-byte header.</summary>
    public const ushort QuestionNameOffset = NbnsHeader.Length;

    /// <summary>NAME QUERY REQUEST (4.2.12): 0x0110 broadcast, 0x0100 to a WINS server; nmblookup -U sends 0x0000.</summary>
    public static NbnsPacket NameQuery(ushort transactionId, NetBiosName name, bool broadcast, bool recursionDesired = true) =>
        Request(transactionId, NbnsFlags.Create(NbnsOpcode.Query, recursionDesired: recursionDesired, broadcast: broadcast), name, NbnsRrType.NB);

    /// <summary>POSITIVE NAME QUERY RESPONSE (4.2.13): 0x8500, +0x0080 with RA (nmbd sends 0x8580), +0x0200 with TC.</summary>
    public static NbnsPacket PositiveQueryResponse(
        ushort transactionId, NetBiosName name, uint ttl, IReadOnlyList<NbAddressEntry> addresses, bool recursionAvailable = false, bool truncated = false)
    {
        var flags = NbnsFlags.Create(
            NbnsOpcode.Query, response: true, authoritativeAnswer: true, truncated: truncated, recursionDesired: true, recursionAvailable: recursionAvailable);
        return Response(transactionId, flags, Record(name, NbnsRrType.NB, ttl, new NbRData(addresses)));
    }

    /// <summary>NEGATIVE NAME QUERY RESPONSE (4.2.14): 0x8500 | rcode (+RA), NULL RR, TTL 0, RDLENGTH 0.</summary>
    public static NbnsPacket NegativeQueryResponse(
        ushort transactionId, NetBiosName name, NbnsRcode rcode = NbnsRcode.NAM_ERR, bool recursionAvailable = false)
    {
        var flags = NbnsFlags.Create(
            NbnsOpcode.Query, response: true, authoritativeAnswer: true, recursionDesired: true, recursionAvailable: recursionAvailable, rcode: rcode);
        return Response(transactionId, flags, Record(name, NbnsRrType.NULL, 0, NullRData.Empty));
    }

    /// <summary>REDIRECT NAME QUERY RESPONSE (4.2.15): 0x8100, an NS RR naming the NBNS and an A RR with its address.</summary>
    public static NbnsPacket RedirectQueryResponse(ushort transactionId, NetBiosName name, string nsdName, IPAddress nsdAddress, uint ttl)
    {
        var nameServer = new NbnsResourceRecord(
            NbnsRecordName.FromNetBios(name), NbnsRrType.NS, ttl, new NameServerRData(NbnsRecordName.FromDomain(nsdName)));
        // The A record's RR_NAME points at NSD_NAME, which starts right after the NS record's fixed part.
        var nsdOffset = (ushort)(NbnsHeader.Length + NetBiosNameCodec.GetEncodedLength(name) + 10);
        var address = new NbnsResourceRecord(NbnsRecordName.FromDomain(nsdName, nsdOffset), NbnsRrType.A, ttl, new AddressRData(nsdAddress));
        var flags = NbnsFlags.Create(NbnsOpcode.Query, response: true, recursionDesired: true);
        return new NbnsPacket(transactionId, flags, authorities: [nameServer], additionals: [address]);
    }

    /// <summary>NAME REGISTRATION REQUEST (4.2.2): 0x2910 broadcast, 0x2900 to a WINS server; B-nodes send TTL 0.</summary>
    public static NbnsPacket RegistrationRequest(ushort transactionId, NetBiosName name, NbAddressEntry address, uint ttl, bool broadcast) =>
        RegistrationLike(transactionId, NbnsFlags.Create(NbnsOpcode.Registration, recursionDesired: true, broadcast: broadcast), name, address, ttl);

    /// <summary>NAME OVERWRITE REQUEST &amp; DEMAND (4.2.3): 0x2810 broadcast / 0x2800, RD clear.</summary>
    public static NbnsPacket OverwriteDemand(ushort transactionId, NetBiosName name, NbAddressEntry address, uint ttl, bool broadcast) =>
        RegistrationLike(transactionId, NbnsFlags.Create(NbnsOpcode.Registration, broadcast: broadcast), name, address, ttl);

    /// <summary>
    /// NAME REFRESH REQUEST (4.2.4): 0x4000 with opcode 8 (what Samba and NT send) or 0x4800 with
    /// opcode 9, +0x0010 when broadcast.
    /// </summary>
    public static NbnsPacket RefreshRequest(
        ushort transactionId, NetBiosName name, NbAddressEntry address, uint ttl, bool broadcast, NbnsOpcode opcode = NbnsOpcode.Refresh)
    {
        if (opcode is not (NbnsOpcode.Refresh or NbnsOpcode.RefreshAlternate))
        {
            throw new ArgumentException($"a refresh uses opcode 8 or 9, got {opcode}", nameof(opcode));
        }

        return RegistrationLike(transactionId, NbnsFlags.Create(opcode, broadcast: broadcast), name, address, ttl);
    }

    /// <summary>MULTI-HOMED NAME REGISTRATION REQUEST ([MS-NBTE] 2.2.2): 0x7900, unicast to the WINS server.</summary>
    public static NbnsPacket MultiHomedRegistrationRequest(ushort transactionId, NetBiosName name, NbAddressEntry address, uint ttl) =>
        RegistrationLike(transactionId, NbnsFlags.Create(NbnsOpcode.MultiHomedRegistration, recursionDesired: true), name, address, ttl);

    /// <summary>POSITIVE NAME REGISTRATION RESPONSE (4.2.5): 0xAD80, the granted TTL.</summary>
    public static NbnsPacket PositiveRegistrationResponse(ushort transactionId, NetBiosName name, NbAddressEntry address, uint ttl) =>
        RegistrationResponse(transactionId, name, address, ttl, NbnsRcode.OK);

    /// <summary>
    /// NEGATIVE NAME REGISTRATION RESPONSE (4.2.6): 0xAD80 | rcode; nmbd defends with ACT_ERR
    /// (0xAD86), TTL 0 and the requester's own NB_FLAGS and address (protocols.md §2.6).
    /// </summary>
    public static NbnsPacket NegativeRegistrationResponse(
        ushort transactionId, NetBiosName name, NbAddressEntry address, NbnsRcode rcode = NbnsRcode.ACT_ERR, uint ttl = 0)
    {
        if (rcode == NbnsRcode.OK)
        {
            throw new ArgumentException("a negative response needs a non-zero RCODE", nameof(rcode));
        }

        return RegistrationResponse(transactionId, name, address, ttl, rcode);
    }

    /// <summary>END-NODE CHALLENGE NAME REGISTRATION RESPONSE (4.2.7): 0xAD00 (no RA), the current owner's address.</summary>
    public static NbnsPacket EndNodeChallengeResponse(ushort transactionId, NetBiosName name, NbAddressEntry owner, uint ttl)
    {
        var flags = NbnsFlags.Create(NbnsOpcode.Registration, response: true, authoritativeAnswer: true, recursionDesired: true);
        return Response(transactionId, flags, Record(name, NbnsRrType.NB, ttl, new NbRData(owner)));
    }

    /// <summary>
    /// NAME CONFLICT DEMAND (4.2.8): 0xAD87, TTL 0, NB_FLAGS with only the ONT, address 0.0.0.0 —
    /// a negative registration response with CFT_ERR.
    /// </summary>
    public static NbnsPacket NameConflictDemand(ushort transactionId, NetBiosName name, NbnsNodeType nodeType = NbnsNodeType.BNode) =>
        RegistrationResponse(transactionId, name, new NbAddressEntry(NbFlags.Create(false, nodeType), IPAddress.Any), 0, NbnsRcode.CFT_ERR);

    /// <summary>NAME RELEASE REQUEST &amp; DEMAND (4.2.9): 0x3010 broadcast / 0x3000, TTL 0.</summary>
    public static NbnsPacket ReleaseRequest(ushort transactionId, NetBiosName name, NbAddressEntry address, bool broadcast) =>
        RegistrationLike(transactionId, NbnsFlags.Create(NbnsOpcode.Release, broadcast: broadcast), name, address, 0);

    /// <summary>POSITIVE NAME RELEASE RESPONSE (4.2.10): 0xB400.</summary>
    public static NbnsPacket PositiveReleaseResponse(ushort transactionId, NetBiosName name, NbAddressEntry address) =>
        ReleaseResponse(transactionId, name, address, NbnsRcode.OK);

    /// <summary>NEGATIVE NAME RELEASE RESPONSE (4.2.11): 0xB400 | rcode.</summary>
    public static NbnsPacket NegativeReleaseResponse(ushort transactionId, NetBiosName name, NbAddressEntry address, NbnsRcode rcode)
    {
        if (rcode == NbnsRcode.OK)
        {
            throw new ArgumentException("a negative response needs a non-zero RCODE", nameof(rcode));
        }

        return ReleaseResponse(transactionId, name, address, rcode);
    }

    /// <summary>
    /// WAIT FOR ACKNOWLEDGEMENT (WACK) RESPONSE (4.2.16): 0xBC00, NULL RR (0x000A as Samba sends it),
    /// TTL = seconds to wait (nmbd: 60), RDATA = the request's bytes 2–3.
    /// </summary>
    public static NbnsPacket Wack(ushort transactionId, NetBiosName name, uint ttl, NbnsFlags requestFlags)
    {
        var flags = NbnsFlags.Create(NbnsOpcode.Wack, response: true, authoritativeAnswer: true);
        return Response(transactionId, flags, Record(name, NbnsRrType.NULL, ttl, new WackRData(requestFlags)));
    }

    /// <summary>WACK for <paramref name="request"/>: its id, question name and FLAGS.</summary>
    public static NbnsPacket Wack(NbnsPacket request, uint ttl)
    {
        ArgumentNullException.ThrowIfNull(request);
        var name = request.Question?.Name ?? throw new ArgumentException("the request has no question to acknowledge", nameof(request));
        return Wack(request.TransactionId, name, ttl, request.Flags);
    }

    /// <summary>NODE STATUS REQUEST (4.2.17): 0x0000 (0x0010 broadcast; nbtscan sets B even when unicast), NBSTAT question, usually <c>*</c>.</summary>
    public static NbnsPacket NodeStatusRequest(ushort transactionId, NetBiosName? name = null, bool broadcast = false) =>
        Request(transactionId, NbnsFlags.Create(NbnsOpcode.Query, broadcast: broadcast), name ?? NetBiosName.Wildcard, NbnsRrType.NBSTAT);

    /// <summary>NODE STATUS RESPONSE (4.2.18): 0x8400, NBSTAT RR with TTL 0, the name table and the statistics.</summary>
    public static NbnsPacket NodeStatusResponse(
        ushort transactionId, NetBiosName name, IReadOnlyList<NodeStatusName> names, NodeStatistics? statistics = null)
    {
        var flags = NbnsFlags.Create(NbnsOpcode.Query, response: true, authoritativeAnswer: true);
        return Response(transactionId, flags, Record(name, NbnsRrType.NBSTAT, 0, new NodeStatusRData(names, statistics)));
    }

    private static NbnsPacket Request(ushort transactionId, NbnsFlags flags, NetBiosName name, NbnsRrType type) =>
        new(transactionId, flags, questions: [new NbnsQuestion(name, type)]);

    private static NbnsPacket RegistrationLike(ushort transactionId, NbnsFlags flags, NetBiosName name, NbAddressEntry address, uint ttl)
    {
        var record = new NbnsResourceRecord(NbnsRecordName.FromNetBios(name, QuestionNameOffset), NbnsRrType.NB, ttl, new NbRData(address));
        return new NbnsPacket(transactionId, flags, questions: [new NbnsQuestion(name, NbnsRrType.NB)], additionals: [record]);
    }

    private static NbnsPacket RegistrationResponse(ushort transactionId, NetBiosName name, NbAddressEntry address, uint ttl, NbnsRcode rcode)
    {
        var flags = NbnsFlags.Create(
            NbnsOpcode.Registration, response: true, authoritativeAnswer: true, recursionDesired: true, recursionAvailable: true, rcode: rcode);
        return Response(transactionId, flags, Record(name, NbnsRrType.NB, ttl, new NbRData(address)));
    }

    private static NbnsPacket ReleaseResponse(ushort transactionId, NetBiosName name, NbAddressEntry address, NbnsRcode rcode)
    {
        var flags = NbnsFlags.Create(NbnsOpcode.Release, response: true, authoritativeAnswer: true, rcode: rcode);
        return Response(transactionId, flags, Record(name, NbnsRrType.NB, 0, new NbRData(address)));
    }

    private static NbnsResourceRecord Record(NetBiosName name, NbnsRrType type, uint ttl, NbnsRData data) =>
        new(NbnsRecordName.FromNetBios(name), type, ttl, data);

    private static NbnsPacket Response(ushort transactionId, NbnsFlags flags, NbnsResourceRecord answer) =>
        new(transactionId, flags, answers: [answer]);
}
