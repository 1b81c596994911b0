using System.Globalization;
using System.Net;
using Messngr.Bench.Harness;
using Messngr.Bench.Load;
using Messngr.Bench.Peers;

namespace Messngr.Bench.Scenarios;

/// <summary>
/// Scenario 3: messages accepted and stored per second over the two datagram transports —
/// <c>\MAILSLOT\MESSNGR</c> on UDP 138 (<see cref="MailslotLoad"/>, paced by the store) and
/// NetrSendMessage on UDP 135 with 1 and 16 calls outstanding (<see cref="DatagramWindowLoad"/>;
/// messngr answers NERR_Success only after the commit) — messngr vs the limit.
/// </summary>
public sealed class DatagramDeliveryScenario : IScenario
{
    public int Number => 3;

    public string Title => "Mailslot and RPC datagrams";

    public Task<IReadOnlyList<ResultRow>> RunAsync(BenchLab lab, BenchOptions options, CancellationToken cancellationToken)
    {
        var rows = new List<ResultRow>();
        // Peers interleaved per variant: a burst of noise on the shared machine hits neighbours alike.
        var peers = new[] { PeerKind.Messngr, PeerKind.Limit }.Select(lab.Peers.Get).ToList();
        foreach (var peer in peers)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var mailslot = new IPEndPoint(IPAddress.Parse(peer.Host.Address), 138);
            MailslotLoad.Run(lab, mailslot, peer.NetBiosName, peer.StoredCount, 128, int.MaxValue, options.WarmupTime);
            var result = Repeat.Median(options.Repeats, () => MailslotLoad.Run(lab, mailslot, peer.NetBiosName, peer.StoredCount, 128, options.Datagrams, options.MaxLoadTime), r => r.PerSecond);
            rows.Add(Rows.From("3 datagrams", "mailslot, ≤128 unstored in flight", peer, result, "msgs/s", latencies: false));
        }

        foreach (var outstanding in new[] { 1, 16 })
        {
            foreach (var peer in peers)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var rpc = new IPEndPoint(IPAddress.Parse(peer.Host.Address), 135);
                var exchange = new NetrSendMessageExchange("bench", peer.NetBiosName, "mbench rpc message 0123456789");
                DatagramWindowLoad.Run(lab, rpc, exchange, outstanding, int.MaxValue, options.WarmupTime, options.ReplyTimeout);
                var (calls, stored) = Repeat.Median(options.Repeats, () =>
                {
                    var before = peer.StoredCount();
                    var calls = DatagramWindowLoad.Run(lab, rpc, exchange, outstanding, options.Datagrams, options.MaxLoadTime, options.ReplyTimeout);
                    return (calls, peer.StoredCount() - before);
                }, r => r.calls.PerSecond);
                rows.Add(Rows.From("3 datagrams", $"rpc NetrSendMessage, {outstanding} outstanding", peer, calls, "msgs/s",
                    note: $"{stored.ToString("N0", CultureInfo.InvariantCulture)} in the store"));
            }
        }

        return Task.FromResult<IReadOnlyList<ResultRow>>(rows);
    }
}
