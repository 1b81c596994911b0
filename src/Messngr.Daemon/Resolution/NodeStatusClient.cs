using System.Net;
using System.Net.NetworkInformation;
using Messngr.Wire.NetBios;
using Messngr.Wire.NetBios.NameService;

namespace Messngr.Daemon.Resolution;

/// <summary>
/// NODE STATUS REQUEST client (RFC 1002 4.2.17/4.2.18, protocols.md §2.4; what <c>nmblookup -A</c>
/// does): an NBSTAT question for <c>*</c> + 15 NULs, FLAGS 0x0000, unicast to the node and
/// retransmitted on the unicast timer. Only an NBSTAT answer from that address with our
/// NAME_TRN_ID counts.
/// </summary>
internal static class NodeStatusClient
{
    private static readonly PhysicalAddress NoMac = new(new byte[6]);

    public static async Task<NodeStatusResult> QueryAsync(IPAddress address, ResolutionSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(address);
        ArgumentNullException.ThrowIfNull(settings);
        var target = new IPEndPoint(address, settings.NameServicePort);
        var id = NbnsExchange.NextTransactionId();
        // The wildcard in our scope: a node in a scope answers only its own (protocols.md §1.6).
        var wildcard = settings.Scope.Length == 0 ? NetBiosName.Wildcard : NetBiosName.FromRaw(NetBiosName.Wildcard.RawBytes, settings.Scope);
        var request = NbnsPackets.NodeStatusRequest(id, wildcard);
        NodeStatusRData? table = null;

        NbnsReply Handle(NbnsPacket packet, IPEndPoint from)
        {
            if (!packet.Flags.IsResponse || packet.TransactionId != id || packet.Flags.Opcode != NbnsOpcode.Query
                || !from.Address.Equals(address) || packet.Flags.Rcode != NbnsRcode.OK)
            {
                return NbnsReply.Ignored;
            }

            if (packet.Answer is not { Type: NbnsRrType.NBSTAT, Data: NodeStatusRData data })
            {
                return NbnsReply.Ignored;
            }

            table = data;
            return NbnsReply.Finished;
        }

        using var exchange = new NbnsExchange(settings.BindAddress, broadcast: false);
        await exchange.RunAsync(
            request, [target], settings.UnicastRetryTimeout, settings.UnicastRetryCount, settings.MaximumWack, Handle, cancellationToken).ConfigureAwait(false);
        return table is null
            ? new NodeStatusResult(address, false, [], NoMac, exchange.Ignored, exchange.SendErrors)
            : new NodeStatusResult(address, true, table.Names, table.Statistics.UnitId, exchange.Ignored, exchange.SendErrors);
    }
}
