using System.Globalization;
using System.Net;
using Messngr.Bench.Harness;
using Messngr.Bench.Load;
using Messngr.Bench.Measure;
using Messngr.Bench.Peers;

namespace Messngr.Bench.Scenarios;

/// <summary>
/// Scenario 5, cost at rest: memory (VmRSS and PSS, summed over every process in the peer's
/// namespace: smbd forks helpers) and CPU (utime + stime over an idle window) of a freshly started
/// messngr daemon — the Native-AOT binary users run — and of a fresh nmbd + smbd; then the same for
/// messngr after it stored 10,000 messages (mailslot datagrams from the client, paced, until its
/// <c>accepted</c> counter and its store hold them all; its rate limits are lifted for that, the
/// bench being one source). Also the size of the AOT binary, alone and with <c>libe_sqlite3.so</c>.
/// Rows: value = MiB RSS (or CPU ms, or MiB on disk); ratio vs Samba below 1 is better.
/// </summary>
public sealed class IdleCostScenario : IScenario
{
    public int Number => 5;

    public string Title => "cost at rest";

    public Task<IReadOnlyList<ResultRow>> RunAsync(BenchLab lab, BenchOptions options, CancellationToken cancellationToken)
    {
        var window = options.Smoke ? TimeSpan.FromSeconds(1) : TimeSpan.FromSeconds(10);
        var settle = options.Smoke ? TimeSpan.FromMilliseconds(500) : TimeSpan.FromSeconds(3);
        var messages = options.Smoke ? 300 : 10_000;
        var messngrBinary = SendScenario.MessngrBinary(options.RepoRoot);
        var rows = new List<ResultRow>();
        using var messngr = MessngrPeer.Start(lab, "idle-messngr", name: "MBIDLEM");
        using var samba = SambaPeer.Start(lab, "idle-samba", "MBIDLES");
        Thread.Sleep(settle);

        var fresh = Idle(window, messngr.Host, samba.Host);
        rows.Add(MemoryRow("idle RSS after start", PeerKind.Messngr, messngr.Label, fresh.Messngr));
        rows.Add(MemoryRow("idle RSS after start", PeerKind.Samba, samba.Label, fresh.Samba));
        rows.Add(CpuRow($"idle CPU over {window.TotalSeconds:0} s after start", PeerKind.Messngr, messngr.Label, fresh.MessngrCpu, window));
        rows.Add(CpuRow($"idle CPU over {window.TotalSeconds:0} s after start", PeerKind.Samba, samba.Label, fresh.SambaCpu, window));

        var before = DaemonCounters.Read([messngrBinary], messngr.StateDirectory);
        var stored = Load(lab, messngr, messages, options.Smoke ? 3000 : 4000, cancellationToken);
        var after = DaemonCounters.Delta(before, DaemonCounters.Read([messngrBinary], messngr.StateDirectory));
        Thread.Sleep(settle);

        var loaded = Idle(window, messngr.Host, samba.Host);
        var variant = string.Create(CultureInfo.InvariantCulture, $"idle RSS after {messages:#,0} messages");
        var loadNote = string.Create(CultureInfo.InvariantCulture,
            $"; {stored.Elapsed.TotalSeconds:0.0} s to store {messages:#,0} mailslot messages ({stored.Sent:#,0} sent, accepted {after.GetValueOrDefault("accepted")}, droppedQueueFull {after.GetValueOrDefault("droppedQueueFull")}, rows {stored.Rows:#,0})");
        rows.Add(MemoryRow(variant, PeerKind.Messngr, messngr.Label, loaded.Messngr, loadNote));
        rows.Add(MemoryRow(variant, PeerKind.Samba, samba.Label, loaded.Samba, "; Samba idle, no messages (reference)"));
        var cpuVariant = string.Create(CultureInfo.InvariantCulture, $"idle CPU over {window.TotalSeconds:0} s after {messages:#,0} messages");
        rows.Add(CpuRow(cpuVariant, PeerKind.Messngr, messngr.Label, loaded.MessngrCpu, window));
        rows.Add(CpuRow(cpuVariant, PeerKind.Samba, samba.Label, loaded.SambaCpu, window, "; Samba idle, no messages (reference)"));
        rows.Add(SizeRow(messngrBinary));
        return Task.FromResult<IReadOnlyList<ResultRow>>(rows);
    }

    private sealed record IdleSample(ProcessCost.Memory Messngr, ProcessCost.Memory Samba, double MessngrCpu, double SambaCpu);

    /// <summary>Memory now, then CPU of both over the same idle window.</summary>
    private static IdleSample Idle(TimeSpan window, BenchHost messngr, BenchHost samba)
    {
        var messngrPids = ProcessCost.NamespacePids(messngr.Namespace);
        var sambaPids = ProcessCost.NamespacePids(samba.Namespace);
        var memory = (ProcessCost.ReadMemory(messngrPids), ProcessCost.ReadMemory(sambaPids));
        var (cpuM, cpuS) = (ProcessCost.ReadCpu(messngrPids), ProcessCost.ReadCpu(sambaPids));
        Thread.Sleep(window);
        return new IdleSample(memory.Item1, memory.Item2,
            ProcessCost.CpuMilliseconds(cpuM, ProcessCost.ReadCpu(messngrPids)),
            ProcessCost.CpuMilliseconds(cpuS, ProcessCost.ReadCpu(sambaPids)));
    }

    private sealed record LoadResult(int Sent, long Rows, TimeSpan Elapsed);

    /// <summary>
    /// Mailslot datagrams at <paramref name="perSecond"/> until the store holds <paramref name="count"/>
    /// more rows; what the bounded queue dropped is sent again (three rounds at most, bounded in time).
    /// </summary>
    private static LoadResult Load(BenchLab lab, MessngrPeer messngr, int count, double perSecond, CancellationToken cancellationToken)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var target = IPAddress.Parse(messngr.Host.Address);
        var start = messngr.StoredCount();
        var sent = 0;
        var missing = count;
        for (var round = 0; round < 3 && missing > 0 && !cancellationToken.IsCancellationRequested; round++)
        {
            MailslotBurst.Send(lab, lab.Client, target, messngr.NetBiosName, sent, missing, perSecond / (round + 1));
            sent += missing;
            var deadline = DateTime.UtcNow.AddSeconds(30);
            var lastGrowth = DateTime.UtcNow;
            long last = -1;
            long rows;
            while ((rows = messngr.StoredCount() - start) < count && DateTime.UtcNow < deadline)
            {
                if (rows != last)
                {
                    (last, lastGrowth) = (rows, DateTime.UtcNow);
                }
                else if (DateTime.UtcNow - lastGrowth > TimeSpan.FromSeconds(1))
                {
                    break; // nothing stored for a second after the burst: what is missing was dropped
                }

                Thread.Sleep(100);
            }

            missing = (int)Math.Max(0, count - (messngr.StoredCount() - start));
        }

        return new LoadResult(sent, messngr.StoredCount() - start, clock.Elapsed);
    }

    private ResultRow MemoryRow(string variant, PeerKind kind, string label, ProcessCost.Memory memory, string extra = "") =>
        new($"{Number} {Title}", variant, kind, label, memory.RssKiB / 1024.0, "MiB RSS", null, null, memory.Describe() + extra) { Completed = memory.Processes };

    private ResultRow CpuRow(string variant, PeerKind kind, string label, double cpuMs, TimeSpan window, string extra = "") =>
        new($"{Number} {Title}", variant, kind, label, cpuMs, "CPU ms", null, null,
            string.Create(CultureInfo.InvariantCulture, $"{cpuMs:0} ms CPU in {window.TotalSeconds:0} s idle = {cpuMs / window.TotalMilliseconds * 100:0.00} % of a core; clock tick {1000 / ProcessCost.TicksPerSecond} ms{extra}"))
        { Completed = 1 };

    private ResultRow SizeRow(string binary)
    {
        var size = new FileInfo(binary).Length;
        var sqlite = Path.Combine(Path.GetDirectoryName(binary)!, "libe_sqlite3.so");
        var total = size + (File.Exists(sqlite) ? new FileInfo(sqlite).Length : 0);
        return new ResultRow($"{Number} {Title}", "Native-AOT binary size", PeerKind.Messngr, "messngr (AOT)", size / 1048576.0, "MiB on disk", null, null,
            string.Create(CultureInfo.InvariantCulture, $"out/aot/messngr {size / 1048576.0:0.0} MiB; with libe_sqlite3.so {total / 1048576.0:0.0} MiB"))
        { Completed = 1 };
    }
}
