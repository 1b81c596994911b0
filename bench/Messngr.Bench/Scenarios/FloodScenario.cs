using System.Diagnostics;
using System.Globalization;
using System.Net;
using Messngr.Bench.Harness;
using Messngr.Bench.Load;
using Messngr.Bench.Measure;
using Messngr.Bench.Peers;

namespace Messngr.Bench.Scenarios;

/// <summary>
/// Scenario 6, flood: a third host (<c>flooder</c>) sends 100,000 junk datagrams/s for a bounded
/// time (10 s; smoke 1 s) at UDP 137, 138 and 135 of a fresh peer — random bytes, half of them from a
/// second address outside the peer's allowed networks (10.96.0.0/24, routed but not local) — with
/// bench/flood/flood.c (sendmmsg, paced; it prints the rate it achieved), twice back to back (smoke once). Meanwhile the client sends
/// valid messages at 20/s the way <c>messngr send</c> does (connect, session request, negotiate,
/// SMB_COM_SEND_MESSAGE) and records send→positive-reply latency. Against messngr with its default
/// rate limits (a fresh one) and against the run's nmbd + smbd. Also: the peer's memory (RSS of its namespace) before, right
/// after and settled after the flood, its CPU during the flood, messngr's drop counters and the
/// kernel's UDP receive-buffer drops. Row value = p99 of the valid messages under flood, in ms.
/// </summary>
public sealed class FloodScenario : IScenario
{
    /// <summary>Where the unauthorised half of the flood comes from: routed to the peers, but in no allowed network.</summary>
    private const string UnauthorisedNetwork = "10.96.0.0/24";
    private const string UnauthorisedSource = "10.96.0.66";
    private const int FloodRate = 100_000;
    private const double ValidPerSecond = 20;

    public int Number => 6;

    public string Title => "flood (valid messages under junk)";

    public Task<IReadOnlyList<ResultRow>> RunAsync(BenchLab lab, BenchOptions options, CancellationToken cancellationToken)
    {
        var seconds = options.Smoke ? 1 : 10;
        var flood = Path.Combine(options.RepoRoot, "out", "bench", "flood");
        if (!File.Exists(flood))
        {
            throw new InvalidOperationException($"{flood} is missing: bench/run.sh builds it from bench/flood/flood.c with gcc");
        }

        var messngrBinary = SendScenario.MessngrBinary(options.RepoRoot);
        var flooder = lab.AddHost("flooder");
        Tool.Ip("-n", flooder.Namespace, "addr", "add", $"{UnauthorisedSource}/32", "dev", BenchHost.Interface);
        var rows = new List<ResultRow>();
        using (var messngr = MessngrPeer.Start(lab, "flood-messngr", liftRateLimits: false, name: "MBFLOODM"))
        {
            rows.Add(Measure(lab, options, messngr, flooder, flood, seconds,
                () => DaemonCounters.Read([messngrBinary], messngr.StateDirectory), cancellationToken));
        }

        // The shared Samba (its memory is compared before/after, so earlier scenarios do not matter).
        rows.Add(Measure(lab, options, lab.Peers.Samba, flooder, flood, seconds, null, cancellationToken));

        return Task.FromResult<IReadOnlyList<ResultRow>>(rows);
    }

    private ResultRow Measure(BenchLab lab, BenchOptions options, IPeer peer, BenchHost flooder, string flood, int seconds,
        Func<IReadOnlyDictionary<string, long>>? counters, CancellationToken cancellationToken)
    {
        Tool.Ip("-n", peer.Host.Namespace, "route", "add", UnauthorisedNetwork, "via", flooder.Address);
        var sender = new SmbOneShot(lab, lab.Client, IPAddress.Parse(peer.Host.Address), peer.NetBiosName, TimeSpan.FromSeconds(2));

        // Quiet baseline at the same pace.
        var quiet = SendValid(sender, "quiet", () => false, options.Smoke ? 5 : 40, cancellationToken);

        var memoryBefore = ProcessCost.ReadMemory(ProcessCost.NamespacePids(peer.Host.Namespace));
        var countersBefore = counters?.Invoke();
        var udpBefore = UdpStats.Read(peer.Host);
        var cpuBefore = ProcessCost.ReadCpu(ProcessCost.NamespacePids(peer.Host.Namespace));
        // Two floods back to back (smoke: one): memory that is flat does not grow in the second.
        var rounds = options.Smoke ? 1 : 2;
        var loaded = new ValidResult([], 0, null);
        var floodLines = new List<string>();
        var memoryAfter = new List<ProcessCost.Memory>();
        var clock = Stopwatch.StartNew();
        for (var round = 0; round < rounds && !cancellationToken.IsCancellationRequested; round++)
        {
            var generator = lab.Start(flooder, [flood, peer.Host.Address, FloodRate.ToString(CultureInfo.InvariantCulture),
                seconds.ToString(CultureInfo.InvariantCulture), UnauthorisedSource]);
            Thread.Sleep(200); // let the flood reach its rate before the first valid message
            var valid = SendValid(sender, $"flood{round}", () => generator.HasExited, int.MaxValue, cancellationToken);
            generator.WaitUntil(() => generator.HasExited, TimeSpan.FromSeconds(seconds + 10));
            loaded = new ValidResult([.. loaded.Times, .. valid.Times], loaded.Failures + valid.Failures, loaded.FirstFailure ?? valid.FirstFailure);
            var line = generator.Output.Split('\n').FirstOrDefault(l => l.StartsWith("flood:", StringComparison.Ordinal))?.Trim();
            floodLines.Add(line is null ? "no report" : line[7..]);
            memoryAfter.Add(ProcessCost.ReadMemory(ProcessCost.NamespacePids(peer.Host.Namespace)));
        }

        var floodSeconds = clock.Elapsed.TotalSeconds;
        var cpu = ProcessCost.CpuMilliseconds(cpuBefore, ProcessCost.ReadCpu(ProcessCost.NamespacePids(peer.Host.Namespace)));
        Thread.Sleep(options.Smoke ? 500 : 3000);
        var memorySettled = ProcessCost.ReadMemory(ProcessCost.NamespacePids(peer.Host.Namespace));
        var udp = UdpStats.Read(peer.Host) - udpBefore;
        var drops = countersBefore is null ? "no drop counters (Samba)" : Counters(DaemonCounters.Delta(countersBefore, counters!()));
        var rss = string.Join(" → ", memoryAfter.Select(m => (m.RssKiB / 1024.0).ToString("0.0", CultureInfo.InvariantCulture)));

        var note = string.Create(CultureInfo.InvariantCulture,
            $"flood {string.Join("; ", floodLines)}; valid: {loaded.Times.Count} delivered, {loaded.Failures} failed{(loaded.FirstFailure is null ? "" : $" ({loaded.FirstFailure})")}, " +
            $"quiet p50/p99 {Ms(SendScenario.Percentile(quiet.Times, 50))}/{Ms(SendScenario.Percentile(quiet.Times, 99))}; " +
            $"RSS {memoryBefore.RssKiB / 1024.0:0.0} MiB before → {rss} MiB after each flood → {memorySettled.RssKiB / 1024.0:0.0} MiB settled (threads {memoryBefore.Threads} → {memorySettled.Threads}); " +
            $"peer CPU {cpu / floodSeconds / 10:0} % of a core; kernel UDP: {udp.InDatagrams:#,0} delivered to sockets, {udp.RcvbufErrors:#,0} dropped (buffer full); {drops}");
        var p50 = SendScenario.Percentile(loaded.Times, 50);
        var p99 = SendScenario.Percentile(loaded.Times, 99);
        return new ResultRow($"{Number} {Title}", string.Create(CultureInfo.InvariantCulture, $"valid 20/s under {FloodRate:#,0} junk/s, {rounds} × {seconds} s"),
            peer.Kind, peer.Label, p99?.TotalMilliseconds ?? 0, "ms p99", p50, p99, note)
        { Completed = loaded.Times.Count };
    }

    private sealed record ValidResult(List<double> Times, int Failures, string? FirstFailure);

    /// <summary>Valid messages at <see cref="ValidPerSecond"/> until <paramref name="stop"/> or <paramref name="max"/>.</summary>
    private static ValidResult SendValid(SmbOneShot sender, string tag, Func<bool> stop, int max, CancellationToken cancellationToken)
    {
        var times = new List<double>();
        var failures = 0;
        string? first = null;
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < max && !stop() && !cancellationToken.IsCancellationRequested; i++)
        {
            var (ms, failure) = sender.Send(string.Create(CultureInfo.InvariantCulture, $"valid {tag} {i}\n"));
            if (ms is { } value)
            {
                times.Add(value);
            }
            else
            {
                failures++;
                first ??= failure;
            }

            var ahead = (i + 1) / ValidPerSecond - clock.Elapsed.TotalSeconds;
            if (ahead > 0)
            {
                Thread.Sleep(TimeSpan.FromSeconds(ahead));
            }
        }

        return new ValidResult(times, failures, first);
    }

    private static readonly string[] CounterNames = ["received", "accepted", "rejectedRateLimit", "rejectedPolicy", "malformed", "ignored", "droppedQueueFull"];

    private static string Counters(IReadOnlyDictionary<string, long> delta) =>
        string.Join(", ", CounterNames
            .Select(k => string.Create(CultureInfo.InvariantCulture, $"{k} {delta.GetValueOrDefault(k):#,0}")));

    private static string Ms(TimeSpan? value) => value is { } t ? t.TotalMilliseconds.ToString("0.0", CultureInfo.InvariantCulture) + " ms" : "—";
}
