using System.Net;
using Messngr.Bench.Harness;
using Messngr.Bench.Load;
using Messngr.Bench.Peers;

namespace Messngr.Bench.Scenarios;

/// <summary>
/// Scenario 1: unicast NBNS name queries for the peer's registered NAME&lt;00&gt; with 1, 16 and 64
/// outstanding (<see cref="DatagramWindowLoad"/>, <see cref="NbnsQueryExchange"/>); answers/s and
/// p50/p99 — messngr vs nmbd vs the limit. Target: messngr ≥ 3× nmbd and ≥ 80 % of the limit.
/// </summary>
public sealed class NameQueryScenario : IScenario
{
    public int Number => 1;

    public string Title => "NBNS name queries";

    public Task<IReadOnlyList<ResultRow>> RunAsync(BenchLab lab, BenchOptions options, CancellationToken cancellationToken)
    {
        var rows = new List<ResultRow>();
        // Peers interleaved per variant: a burst of noise on the shared machine hits neighbours alike.
        var peers = new[] { PeerKind.Messngr, PeerKind.Samba, PeerKind.Limit }.Select(lab.Peers.Get).ToList();
        foreach (var outstanding in new[] { 1, 16, 64 })
        {
            foreach (var peer in peers)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var target = new IPEndPoint(IPAddress.Parse(peer.Host.Address), 137);
                var exchange = new NbnsQueryExchange(peer.NetBiosName);
                DatagramWindowLoad.Run(lab, target, exchange, outstanding, int.MaxValue, options.WarmupTime, options.ReplyTimeout);
                var result = Repeat.Median(options.Repeats, () => DatagramWindowLoad.Run(lab, target, exchange, outstanding, options.NameQueries, options.MaxLoadTime, options.ReplyTimeout), r => r.PerSecond);
                rows.Add(Rows.From("1 name query", $"{outstanding} outstanding", peer, result, "answers/s"));
            }
        }

        return Task.FromResult<IReadOnlyList<ResultRow>>(rows);
    }
}
