using System.Net;
using System.Net.Sockets;
using Messngr.Wire;
using Messngr.Wire.NetBios;
using Messngr.Wire.NetBios.NameService;

namespace Messngr.Bench.Limit;

/// <summary>
/// The least a correct NBNS end node does for a unicast name query (RFC 1002 4.2.12–4.2.13,
/// protocols.md §2.3): parse the datagram with the same codec messngr uses, check it is a query
/// for our NAME&lt;00&gt;, answer with a positive response carrying our address. Anything else is
/// dropped unanswered. One blocking receive loop on one socket.
/// </summary>
internal sealed class NbnsResponder(IPAddress address, NetBiosName name)
{
    private readonly NbAddressEntry[] _entries = [new(NbFlags.Create(group: false, NbnsNodeType.BNode), address)];

    public long Answered { get; private set; }

    public void Run(Socket socket, CancellationToken cancellationToken)
    {
        var buffer = new byte[2048];
        var reply = new byte[NbnsPacket.MaxLength];
        EndPoint from = new IPEndPoint(IPAddress.Any, 0);
        while (!cancellationToken.IsCancellationRequested)
        {
            int n;
            try
            {
                n = socket.ReceiveFrom(buffer, ref from);
            }
            catch (SocketException)
            {
                continue;
            }

            if (!NbnsPacket.TryParse(buffer.AsSpan(0, n), out var query, out _) || query!.Flags.IsResponse || query.Flags.Opcode != NbnsOpcode.Query
                || query.Question is not { Type: NbnsRrType.NB } question || question.Name != name)
            {
                continue;
            }

            var response = NbnsPackets.PositiveQueryResponse(query.TransactionId, question.Name, 300_000, _entries);
            var length = WirePacket.Write(response, reply);
            socket.SendTo(reply.AsSpan(0, length), SocketFlags.None, from);
            Answered++;
        }
    }
}
