using System.Diagnostics;
using System.Globalization;
using System.Net;
using Messngr.Bench.Harness;
using Messngr.Bench.Load;
using Messngr.Bench.Peers;

namespace Messngr.Bench.Scenarios;

/// <summary>
/// Scenario 2: message delivery over NBSS+SMB (<see cref="SmbMessageLoad"/>): a new TCP connection
/// per message as <c>smbclient -M</c> makes (session request, D5, D7, D6) with 1, 4 and 16
/// concurrent senders, and messages on kept-open connections. Throughput counts messages
/// committed: for messngr the positive D6 reply (sent after the store commit; its store is checked
/// to hold them all), for Samba and the limit the lines that landed in their logs, timed until the
/// last one landed. Target: messngr ≥ 20× smbd.
/// </summary>
public sealed class SmbDeliveryScenario : IScenario
{
    private static readonly (string Variant, int Senders, bool PerMessage)[] Variants =
    [
        ("new connection per message, 1 sender", 1, true),
        ("new connection per message, 4 senders", 4, true),
        ("new connection per message, 16 senders", 16, true),
        ("1 kept-open connection", 1, false),
        ("4 kept-open connections", 4, false),
    ];

    public int Number => 2;

    public string Title => "Message delivery over SMB";

    public async Task<IReadOnlyList<ResultRow>> RunAsync(BenchLab lab, BenchOptions options, CancellationToken cancellationToken)
    {
        var rows = new List<ResultRow>();
        // Peers interleaved per variant: a burst of noise on the shared machine hits neighbours alike.
        var peers = new[] { PeerKind.Messngr, PeerKind.Samba, PeerKind.Limit }.Select(lab.Peers.Get).ToList();
        foreach (var (variant, senders, perMessage) in Variants)
        {
            foreach (var peer in peers)
            {
                var target = new IPEndPoint(IPAddress.Parse(peer.Host.Address), 139);
                var frames = new SmbMessageFrames(peer.NetBiosName, "mbench smb message 0123456789\n");
                cancellationToken.ThrowIfCancellationRequested();
                var beforeWarmup = peer.StoredCount();
                var warmup = await SmbMessageLoad.RunAsync(lab, target, frames, senders, perMessage, int.MaxValue, options.WarmupTime, options.ReplyTimeout, cancellationToken);
                await WaitLandedAsync(peer, beforeWarmup, warmup.Completed, cancellationToken);
                var (committed, note) = await Repeat.MedianAsync(options.Repeats, async () =>
                {
                    var before = peer.StoredCount();
                    var began = Stopwatch.GetTimestamp();
                    var result = await SmbMessageLoad.RunAsync(lab, target, frames, senders, perMessage, options.SmbMessages, options.MaxLoadTime, options.ReplyTimeout, cancellationToken);
                    var landed = await WaitLandedAsync(peer, before, result.Completed, cancellationToken);
                    var landedBy = landed.At > began ? Stopwatch.GetElapsedTime(began, landed.At) : result.Elapsed;
                    // Committed/s: what landed, over the time until it had landed (for messngr that is the replies' time).
                    var committed = result with { Completed = Math.Min(result.Completed, landed.Count), Elapsed = landedBy > result.Elapsed ? landedBy : result.Elapsed };
                    return (committed, $"{landed.Count.ToString("N0", CultureInfo.InvariantCulture)} in the store");
                }, r => r.committed.PerSecond);
                rows.Add(Rows.From("2 smb delivery", variant, peer, committed, "msgs/s", note: note));
            }
        }

        return rows;
    }

    /// <summary>Waits (≤ 10 s, until no growth for 2 s) for <paramref name="expected"/> messages beyond <paramref name="before"/>; returns how many landed and when the last did.</summary>
    private static async Task<(long Count, long At)> WaitLandedAsync(IPeer peer, long before, long expected, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var count = peer.StoredCount() - before;
        var at = Stopwatch.GetTimestamp();
        while (count < expected && Stopwatch.GetElapsedTime(started) < TimeSpan.FromSeconds(10) && Stopwatch.GetElapsedTime(at) < TimeSpan.FromSeconds(2))
        {
            await Task.Delay(10, cancellationToken);
            var now = peer.StoredCount() - before;
            if (now != count)
            {
                count = now;
                at = Stopwatch.GetTimestamp();
            }
        }

        return (count, at);
    }
}
