using System.Net;
using Messngr.Wire.NetBios;
using Messngr.Wire.NetBios.NameService;
using Microsoft.Extensions.Logging;

namespace Messngr.Daemon.Listeners;

/// <summary>
/// UDP 137: answers name queries for our names and node-status requests, as a B-node end node
/// does (RFC 1002 §5.1.1.5, protocols.md §2.6–2.7). Malformed datagrams are dropped and
/// counted, never answered; queries for names we do not hold get no reply (nmbd is silent too,
/// capture nbns-query-unknown), so we are never an amplifier for names we do not own.
/// </summary>
internal sealed class NameServiceListener : UdpListener
{
    /// <summary>TTL in our positive query responses: Samba's <c>max ttl</c> default, 3 days (protocols.md §2.3).</summary>
    public const uint QueryResponseTtl = 259_200;

    private readonly LocalNames _names;
    private readonly ILogger _logger;

    public NameServiceListener(IPEndPoint endPoint, LocalNames names, ListenerCounters counters, ILogger logger)
        : base("name service", endPoint, counters, logger)
    {
        _names = names;
        _logger = logger;
    }

    protected override void Handle(ReadOnlySpan<byte> datagram, IPEndPoint from)
    {
        if (!NbnsPacket.TryParse(datagram, out var packet, out var error))
        {
            Counters.CountMalformed();
            DaemonLog.Malformed(_logger, Name, from, PacketErrorText.Of(error));
            return;
        }

        var reply = Answer(packet!, from.Address);
        if (reply is null)
        {
            Counters.CountIgnored();
            return;
        }

        // Responses always go to the request's source address and port (RFC 1002 §5.1.1.3).
        Reply(reply.ToArray(), from);
    }

    /// <summary>The response owed to <paramref name="request"/>, or null when silence is right.</summary>
    internal NbnsPacket? Answer(NbnsPacket request, IPAddress peer)
    {
        if (request.Flags.IsResponse || request.Flags.Opcode != NbnsOpcode.Query || request.Question is not { } question)
        {
            return null;
        }

        if (question.Type == NbnsRrType.NBSTAT)
        {
            // Node status for '*' or for any of our names (RFC 1002 §5.1.1.5).
            if (!question.Name.IsWildcard && _names.Find(question.Name) is null)
            {
                return null;
            }

            var table = _names.All
                .Select(n => new NodeStatusName(n.Name, NodeNameFlags.Create(n.IsGroup, NbnsNodeType.BNode)))
                .ToList();
            return NbnsPackets.NodeStatusResponse(request.TransactionId, question.Name, table);
        }

        if (question.Type != NbnsRrType.NB || _names.Find(question.Name) is not { } local)
        {
            return null;
        }

        var address = LocalAddress.For(EndPoint.Address, peer);
        var entry = new NbAddressEntry(NbFlags.Create(local.IsGroup, NbnsNodeType.BNode), address);
        return NbnsPackets.PositiveQueryResponse(request.TransactionId, question.Name, QueryResponseTtl, [entry]);
    }
}
