using System.Net;
using Messngr.Wire.NetBios;
using Messngr.Wire.NetBios.NameService;

namespace Messngr.Daemon.Resolution;

/// <summary>
/// NAME QUERY REQUEST client (RFC 1002 4.2.12–4.2.14, §5.1.1.3 B-node, §5.1.2.3 P-node;
/// protocols.md §2.3, §2.7). Broadcast: FLAGS 0x0110 to each broadcast address, every positive
/// answer within the interval after the first is kept (several hosts answer a group name).
/// Unicast to WINS: FLAGS 0x0100 (RD), only the server's address is believed, a WACK extends the
/// wait, a negative response (NAM_ERR) ends it. Answers must echo our NAME_TRN_ID and question name.
/// </summary>
internal static class NbnsQueryClient
{
    public static async Task<NbnsQueryResult> BroadcastAsync(
        NetBiosName name, IReadOnlyList<IPAddress> broadcastAddresses, ResolutionSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(broadcastAddresses);
        ArgumentNullException.ThrowIfNull(settings);
        var destinations = broadcastAddresses.Select(a => new IPEndPoint(a, settings.NameServicePort)).ToList();
        return await QueryAsync(name, destinations, server: null, settings, cancellationToken).ConfigureAwait(false);
    }

    public static async Task<NbnsQueryResult> UnicastAsync(
        NetBiosName name, IPEndPoint server, ResolutionSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(server);
        ArgumentNullException.ThrowIfNull(settings);
        return await QueryAsync(name, [server], server, settings, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<NbnsQueryResult> QueryAsync(
        NetBiosName name, IReadOnlyList<IPEndPoint> destinations, IPEndPoint? server, ResolutionSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        var broadcast = server is null;
        var id = NbnsExchange.NextTransactionId();
        var request = NbnsPackets.NameQuery(id, name, broadcast, recursionDesired: true);
        var addresses = new List<IPAddress>();
        var group = false;
        var waited = false;
        NbnsRcode? negative = null;

        NbnsReply Handle(NbnsPacket packet, IPEndPoint from)
        {
            if (!packet.Flags.IsResponse || packet.TransactionId != id)
            {
                return NbnsReply.Ignored;
            }

            // Unicast: only the server we asked may answer (anything else is spoofed or stray).
            if (server is not null && !from.Address.Equals(server.Address))
            {
                return NbnsReply.Ignored;
            }

            var answer = packet.Answer;
            if (answer is null || answer.NetBiosName != name)
            {
                return NbnsReply.Ignored;
            }

            if (packet.Flags.Opcode == NbnsOpcode.Wack)
            {
                // RFC 1002 4.2.16 / §5.1.2.3: a WACK is only meaningful from the NBNS we asked.
                if (server is null)
                {
                    return NbnsReply.Ignored;
                }

                waited = true;
                return new NbnsReply(NbnsReplyKind.Wait, TimeSpan.FromSeconds(answer.Ttl));
            }

            if (packet.Flags.Opcode != NbnsOpcode.Query)
            {
                return NbnsReply.Ignored;
            }

            if (packet.Flags.Rcode != NbnsRcode.OK)
            {
                // 4.2.14 NEGATIVE NAME QUERY RESPONSE: final from WINS; on a broadcast one node's
                // "no" does not silence the others (B-nodes never send it, protocols.md §2.6).
                negative ??= packet.Flags.Rcode;
                return server is not null ? NbnsReply.Finished : NbnsReply.Answered;
            }

            if (answer.Type != NbnsRrType.NB || answer.Data is not NbRData nb || nb.Entries.Count == 0)
            {
                return NbnsReply.Ignored;
            }

            foreach (var entry in nb.Entries)
            {
                group |= entry.Flags.IsGroup;
                if (!addresses.Contains(entry.Address))
                {
                    addresses.Add(entry.Address);
                }
            }

            return server is not null ? NbnsReply.Finished : NbnsReply.Answered;
        }

        using var exchange = new NbnsExchange(settings.BindAddress, broadcast);
        var interval = broadcast ? settings.BroadcastRetryTimeout : settings.UnicastRetryTimeout;
        var count = broadcast ? settings.BroadcastRetryCount : settings.UnicastRetryCount;
        await exchange.RunAsync(request, destinations, interval, count, settings.MaximumWack, Handle, cancellationToken).ConfigureAwait(false);
        return new NbnsQueryResult(addresses, group, addresses.Count > 0 ? null : negative, waited, exchange.Ignored, exchange.SendErrors);
    }
}
