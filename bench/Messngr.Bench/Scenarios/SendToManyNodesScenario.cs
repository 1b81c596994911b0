using System.Diagnostics;
using System.Globalization;
using System.Net;
using Messngr.Bench.Harness;
using Messngr.Bench.Limit;
using Messngr.Bench.Measure;
using Messngr.Bench.Native;
using Messngr.Bench.Peers;
using Messngr.Daemon.Core;
using Messngr.Daemon.Native;

namespace Messngr.Bench.Scenarios;

/// <summary>
/// Scenario 8 (issue #13, "send to 100 recipient nodes: wall time, target &lt; 300 ms"): one
/// <c>messngr send --native @FILE TEXT</c> (FILE = one <c>NAME@ADDRESS</c> per receiver) run
/// against a sender <c>messngr serve</c> A, from process start until it exits 0 — which it does only
/// when every receiver answered <i>stored</i> — and then every receiver's store is checked to hold
/// the round's text. The receivers (<see cref="NodeFleet"/>) are fresh serve nodes, each in its own
/// namespace with its own identity, trusting A (and the bench node); A trusts them all. Rows:
/// the first send (A opens its 100 TLS connections), the median of the next rounds (A's connections
/// kept), the same on a second sender whose state directory is on tmpfs (a diagnostic: what A's
/// outbox commits, each an fsync, cost), the limit — the same deliveries from this process with the daemon's
/// <see cref="NativeSender"/>, all at once, no CLI and no control hop — and the classic path
/// (<c>--transport smb</c>, a NetBIOS session per receiver).
/// </summary>
public sealed class SendToManyNodesScenario : IScenario
{
    private const string SenderName = "MB8SENDER";

    private const string TmpfsSenderName = "MB8TMPFS";

    private const string LimitLabel = "limit (NativeSender × N in parallel, in-process)";

    public int Number => 8;

    public string Title => "send to 100 recipient nodes (wall time)";

    public async Task<IReadOnlyList<ResultRow>> RunAsync(BenchLab lab, BenchOptions options, CancellationToken cancellationToken)
    {
        var count = options.Smoke ? 5 : 100;
        var rounds = options.Smoke ? 2 : 10;
        var messngr = SendScenario.MessngrBinary(options.RepoRoot);

        // Identities first, so that every side trusts the others before anything starts. Sender A keeps
        // its state on the disk, as a real node does; the diagnostic sender T the same on tmpfs (no fsync).
        var diskState = PrepareSenderState(Path.Combine(lab.Directory, "s8-sender-state"), out var diskId);
        var tmpfsState = PrepareSenderState($"/dev/shm/mbench-{lab.Suffix}-s8-tmpfs-sender", out var tmpfsId);
        try
        {
            await using var bench = BenchNode.Create(lab, "s8-limit");
            var ids = NodeFleet.Prepare(lab, "s8-r", count, [diskId, tmpfsId, bench.Identity.Id]);
            using var fleet = await NodeFleet.StartAsync(lab, "s8-r", ids, cancellationToken);
            foreach (var id in ids)
            {
                bench.TrustPeer(id);
            }

            void TrustReceivers(string state)
            {
                foreach (var id in ids)
                {
                    BenchNode.TrustIn(state, id);
                }
            }

            using var sender = MessngrPeer.Start(lab, "s8-sender", name: SenderName, extraArguments: ["--no-discovery"], stateDirectory: diskState, prepareState: TrustReceivers);
            using var tmpfsSender = MessngrPeer.Start(lab, "s8-tmpfs-sender", name: TmpfsSenderName, extraArguments: ["--no-discovery"], stateDirectory: tmpfsState, prepareState: TrustReceivers);
            var list = fleet.WriteRecipientList(Path.Combine(lab.Directory, "s8-recipients.txt"));
            Console.Error.WriteLine($"bench: scenario 8: {count} receiver nodes and the senders up");

            var rows = new List<ResultRow>();
            string[] Send(MessngrPeer from, string transport, string text) =>
                [messngr, "send", "--state-dir", from.StateDirectory, "--config", "/dev/null", .. (transport == "native" ? ["--native"] : new[] { "--transport", transport }), $"@{list}", text];
            var first = $"messngr send --native @FILE, first send ({count} TLS connections set up)";
            var kept = $"messngr send --native @FILE, {count} nodes, connections kept";

            // The CLI natively: the first send sets up A's connections; the next ones find them kept.
            var native = CliRounds(lab, sender, fleet, rounds, text => Send(sender, "native", text), "native", cancellationToken);
            rows.Add(Row(first, PeerKind.Messngr, sender.Label, [native.First], native, count));
            rows.Add(Row(kept, PeerKind.Messngr, sender.Label, native.Times, native, count));

            // The same with the sender's store on tmpfs: what A's outbox commits (fsync) cost.
            var tmpfs = CliRounds(lab, tmpfsSender, fleet, rounds, text => Send(tmpfsSender, "native", text), "tmpfs", cancellationToken);
            rows.Add(Row(kept, PeerKind.Messngr, tmpfsSender.Label + ", sender's state on tmpfs (diagnostic: no outbox fsync)", tmpfs.Times, tmpfs, count));

            // The limit: the same deliveries from this process, all at once, no CLI, no control hop.
            var limit = await LimitRoundsAsync(bench, fleet, rounds, cancellationToken);
            rows.Add(Row(first, PeerKind.Limit, LimitLabel, [limit.First], limit, count));
            rows.Add(Row(kept, PeerKind.Limit, LimitLabel, limit.Times, limit, count));

            // The classic path to the same nodes: a NetBIOS session and SMB message per receiver.
            var smb = CliRounds(lab, sender, fleet, Math.Max(1, rounds / 2), text => Send(sender, "smb", text), "smb", cancellationToken);
            rows.Add(Row($"messngr send --transport smb @FILE, {count} nodes", PeerKind.Messngr, sender.Label + " over smb", [smb.First, .. smb.Times], smb, count));
            return rows;
        }
        finally
        {
            Directory.Delete(tmpfsState, recursive: true);
        }
    }

    /// <summary>A sender's state directory (0700) with a fresh node identity, made before its start so the receivers can trust it.</summary>
    private static string PrepareSenderState(string state, out NodeId id)
    {
        Directory.CreateDirectory(state);
        File.SetUnixFileMode(state, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        using var identity = NodeIdentity.LoadOrCreate(state, TimeProvider.System);
        id = identity.Id;
        return state;
    }

    /// <summary>The wall times of several rounds (the first apart) and how many rounds reached every node.</summary>
    private sealed record Rounds(double First, List<double> Times, int Complete, int Incomplete, string? Problem);

    /// <summary><c>messngr send</c> from A's namespace, timed from process start to exit; after each round every store is checked.</summary>
    private static Rounds CliRounds(BenchLab lab, MessngrPeer sender, NodeFleet fleet, int rounds, Func<string, IReadOnlyList<string>> command, string tag, CancellationToken cancellationToken)
    {
        var times = new List<double>();
        double first = 0;
        var complete = 0;
        var incomplete = 0;
        string? problem = null;
        for (var i = 0; i <= rounds && !cancellationToken.IsCancellationRequested; i++)
        {
            var text = string.Create(CultureInfo.InvariantCulture, $"mbench s8 {tag} round {i} {Guid.NewGuid():N}");
            var run = ProcessTimer.Time(lab, sender.Host, command(text), timeout: TimeSpan.FromSeconds(120));
            var holding = fleet.HoldingText(text);
            if (run.ExitCode == 0 && holding == fleet.Nodes.Count)
            {
                complete++;
                if (i == 0)
                {
                    first = run.Milliseconds;
                }
                else
                {
                    times.Add(run.Milliseconds);
                }
            }
            else
            {
                incomplete++;
                problem ??= string.Create(CultureInfo.InvariantCulture, $"round {i}: exit {run.ExitCode}, {holding} of {fleet.Nodes.Count} stores hold it: {Shorten(run.Output)}");
            }
        }

        return new Rounds(first, times, complete, incomplete, problem);
    }

    /// <summary>The same N deliveries with the daemon's <see cref="NativeSender"/> from this process, all started at once.</summary>
    private static async Task<Rounds> LimitRoundsAsync(BenchNode bench, NodeFleet fleet, int rounds, CancellationToken cancellationToken)
    {
        var times = new List<double>();
        double first = 0;
        var complete = 0;
        var incomplete = 0;
        string? problem = null;
        for (var i = 0; i <= rounds && !cancellationToken.IsCancellationRequested; i++)
        {
            var text = string.Create(CultureInfo.InvariantCulture, $"mbench s8 limit round {i} {Guid.NewGuid():N}");
            using var bound = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            bound.CancelAfter(TimeSpan.FromSeconds(120));
            var clock = Stopwatch.StartNew();
            var results = await Task.WhenAll(fleet.Nodes.Select(node =>
            {
                var message = new OutgoingMessage(MessageId.New(), node.NetBiosName, "bench", 0, text, DateTimeOffset.UtcNow);
                return bench.Sender.SendAsync(new IPEndPoint(IPAddress.Parse(node.Host.Address), NativeLimitServer.Port), message, bound.Token);
            }));
            var elapsed = clock.Elapsed.TotalMilliseconds;
            var delivered = results.Count(r => r.Outcome == NativeSendOutcome.Delivered);
            var holding = fleet.HoldingText(text);
            if (delivered == results.Length && holding == fleet.Nodes.Count)
            {
                complete++;
                if (i == 0)
                {
                    first = elapsed;
                }
                else
                {
                    times.Add(elapsed);
                }
            }
            else
            {
                incomplete++;
                var failure = results.FirstOrDefault(r => r.Outcome != NativeSendOutcome.Delivered);
                problem ??= string.Create(CultureInfo.InvariantCulture, $"round {i}: {delivered} delivered, {holding} stores hold it{(failure is null ? string.Empty : $"; {failure.Outcome}: {failure.Detail}")}");
            }
        }

        return new Rounds(first, times, complete, incomplete, problem);
    }

    /// <summary>Value = median ms (lower is better); p50 = median, p99 column = the slowest round; the note gives min–max.</summary>
    private ResultRow Row(string variant, PeerKind kind, string label, List<double> times, Rounds rounds, int nodes)
    {
        var valid = times.Where(t => t > 0).ToList();
        var median = SendScenario.Percentile(valid, 50);
        var max = valid.Count == 0 ? (TimeSpan?)null : TimeSpan.FromMilliseconds(valid.Max());
        var spread = valid.Count == 0 ? "no complete round"
            : string.Create(CultureInfo.InvariantCulture, $"{valid.Count} round(s), {valid.Min():0.0}–{valid.Max():0.0} ms");
        var note = string.Create(CultureInfo.InvariantCulture,
            $"{spread}; every round checked: all {nodes} stores hold its text in {rounds.Complete} of {rounds.Complete + rounds.Incomplete} rounds{(rounds.Problem is null ? string.Empty : $" ({rounds.Problem})")}; value = median ms (lower is better), p99 column = slowest; target < 300 ms");
        return new ResultRow($"{Number} send to {nodes} nodes", variant, kind, label, median?.TotalMilliseconds ?? 0, "ms", median, max, note) { Completed = valid.Count };
    }

    private static string Shorten(string text)
    {
        var line = text.ReplaceLineEndings(" ");
        return line.Length > 160 ? line[..160] + "…" : line;
    }
}
