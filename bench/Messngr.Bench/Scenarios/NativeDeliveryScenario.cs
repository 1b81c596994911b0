using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;
using Messngr.Bench.Harness;
using Messngr.Bench.Limit;
using Messngr.Bench.Load;
using Messngr.Bench.Measure;
using Messngr.Bench.Native;
using Messngr.Bench.Peers;
using Messngr.Daemon.Core;
using Messngr.Daemon.Native;
using Microsoft.Data.Sqlite;

namespace Messngr.Bench.Scenarios;

/// <summary>
/// Scenario 7 (issue #13, "Benchmark"): native delivery on a kept TLS 1.3 connection, a message
/// counted when its <i>stored</i> receipt came back, 1 and 16 concurrent senders, against NATS
/// JetStream (file storage) publishing with acknowledgements and against a minimal TLS 1.3
/// responder (the limit); and messngr's SMB path (a new connection per message, as
/// <c>smbclient -M</c>) with 1 sender to the same receiver. The bench is a node of its own
/// (<see cref="BenchNode"/>: its identity, trust list and outbox) and sends with the daemon's
/// <see cref="NativeSender"/>; the receiver is a fresh <c>messngr serve</c> trusting it. After each
/// load the receiver's store is checked to hold every acknowledged message (by message id).
/// Targets: native ≥ JetStream, native ≥ 10× the SMB path with one sender.
/// <para>
/// Like for like (bench/README.md): every messngr row is set against JetStream without TLS and
/// JetStream with mutual TLS 1.3 (<see cref="JetStreamPeer"/>, equal security); a second receiver
/// runs with <c>--store-sync normal</c> (JetStream 2.9's durability: the answer before any fsync),
/// so "messngr, store sync normal ÷ JetStream with mutual TLS" is the equal-work ratio. The
/// physical limits stand beside them: the disk's fsync floor (<see cref="FsyncFloor"/>) and raw
/// frames with 1 in flight (the protocol's round trip without the sending stack).
/// </para>
/// </summary>
public sealed class NativeDeliveryScenario : IScenario
{
    public const string ReceiverName = "MBNATIVE";

    /// <summary>The second receiver, <c>--store-sync normal</c> (its own name: the first would defend MBNATIVE).</summary>
    public const string NormalReceiverName = "MBNATNORMAL";

    /// <summary>30 bytes, as scenario 2's SMB message, for every peer.</summary>
    public const string Text = "mbench native message 01234567";

    private static readonly int[] SenderCounts = [1, 16];

    /// <summary>Requests in flight in the raw-frame rows: as many as the 16 senders, and 1 (the round-trip floor).</summary>
    private static readonly int[] PipelineWindows = [16, 1];

    public int Number => 7;

    public string Title => "Native delivery (stored receipts) vs NATS JetStream (plain and mutual TLS), the SMB path and the fsync floor";

    /// <summary>What a row measured, for the ratios in the notes.</summary>
    private enum Role
    {
        MessngrFull,
        MessngrNormal,
        JetStream,
        JetStreamTls,

        /// <summary>The disk's fsync floor, sampled before each measured run of the full-durability 1-in-flight row it bounds.</summary>
        Floor,
        Other,
    }

    /// <summary>The load a row carried: JetStream's row of the same load is its reference.</summary>
    private enum Load
    {
        OneSender,
        SixteenSenders,
        Raw16,
        Raw1,
        Other,
    }

    private sealed record Measured(ResultRow Row, Role Role, Load Load);

    public async Task<IReadOnlyList<ResultRow>> RunAsync(BenchLab lab, BenchOptions options, CancellationToken cancellationToken)
    {
        await using var node = BenchNode.Create(lab, "bench-node");
        using var messngr = MessngrPeer.Start(lab, "native", name: ReceiverName, prepareState: state => BenchNode.TrustIn(state, node.Identity.Id));
        node.TrustPeer(BenchNode.ReadNodeId(messngr.StateDirectory));
        using var normal = MessngrPeer.Start(lab, "native-normal", name: NormalReceiverName, prepareState: state => BenchNode.TrustIn(state, node.Identity.Id),
            extraArguments: ["--store-sync", "normal"], labelSuffix: ", store sync normal");
        node.TrustPeer(BenchNode.ReadNodeId(normal.StateDirectory));
        using var limit = NativeLimitPeer.Start(lab, node.Identity.Id);
        node.TrustPeer(BenchNode.ReadNodeId(limit.StateDirectory));
        using var jetstream = await JetStreamPeer.StartAsync(lab, cancellationToken);
        using var jetstreamTls = await JetStreamPeer.StartAsync(lab, cancellationToken, mutualTls: true);
        Console.Error.WriteLine($"bench: 7 native delivery: JetStream with mutual TLS negotiated {jetstreamTls.Negotiated}");

        var payload = Encoding.UTF8.GetBytes(Text);
        var rows = new List<Measured>();
        foreach (var senders in SenderCounts)
        {
            var variant = $"kept connection, {senders} sender{(senders == 1 ? string.Empty : "s")}";
            var load = senders == 1 ? Load.OneSender : Load.SixteenSenders;
            // Peers interleaved per variant: a burst of noise on the shared machine hits neighbours alike.
            // With 1 in flight at full durability the disk bounds the row: its fsync floor is sampled
            // right before each measured run (this shared VM's fsync time drifts many-fold within seconds).
            var floorSamples = new List<FsyncFloor.Result>();
            var full = await NativeRowAsync(node, messngr, variant, senders, options, checkStore: true, cancellationToken,
                beforeEachRun: senders == 1 ? () => floorSamples.Add(SampleFloor(messngr.StateDirectory, options)) : null);
            if (senders == 1)
            {
                rows.Add(new(FsyncFloorRow(floorSamples, "sampled before each run of the 1-sender row"), Role.Floor, load));
            }

            rows.Add(new(full, Role.MessngrFull, load));
            rows.Add(new(await NativeRowAsync(node, normal, variant, senders, options, checkStore: true, cancellationToken), Role.MessngrNormal, load));
            rows.Add(new(await MeasureAsync(jetstream, variant, senders, options, token => jetstream.PublishAsync(payload, token), _ => string.Empty, cancellationToken), Role.JetStream, load));
            rows.Add(new(await MeasureAsync(jetstreamTls, variant, senders, options, token => jetstreamTls.PublishAsync(payload, token),
                before => $"{(jetstreamTls.StoredCount() - before).ToString("N0", CultureInfo.InvariantCulture)} in the stream; {jetstreamTls.Negotiated}, client certificate required (verify: true)", cancellationToken), Role.JetStreamTls, load));
            rows.Add(new(await NativeRowAsync(node, limit, variant, senders, options, checkStore: false, cancellationToken), Role.Other, load));
        }

        // The receivers on one connection without the sending stack: 16 in flight (what a pipelined
        // sender can approach) and 1 in flight (the protocol's round trip, plus the commit).
        var receiverId = BenchNode.ReadNodeId(messngr.StateDirectory).ToString();
        var normalId = BenchNode.ReadNodeId(normal.StateDirectory).ToString();
        var limitId = BenchNode.ReadNodeId(limit.StateDirectory).ToString();
        foreach (var window in PipelineWindows)
        {
            var load = window == 1 ? Load.Raw1 : Load.Raw16;
            var floorSamples = new List<FsyncFloor.Result>();
            var full = await PipelinedRowAsync(lab, node, messngr, receiverId, window, options, cancellationToken,
                beforeEachRun: window == 1 ? () => floorSamples.Add(SampleFloor(messngr.StateDirectory, options)) : null);
            if (window == 1)
            {
                rows.Add(new(FsyncFloorRow(floorSamples, "sampled before each run of the 1-in-flight raw row"), Role.Floor, load));
            }

            rows.Add(new(full, Role.MessngrFull, load));
            rows.Add(new(await PipelinedRowAsync(lab, node, normal, normalId, window, options, cancellationToken), Role.MessngrNormal, load));
            rows.Add(new(await PipelinedRowAsync(lab, node, limit, limitId, window, options, cancellationToken), Role.Other, load));
        }

        var smb = await SmbRowAsync(lab, messngr, options, cancellationToken);
        rows.Add(new(smb, Role.Other, Load.Other));
        // Scenario 2's classic limit on the same one-shot: what the SMB path costs messngr over the least work, in this run.
        rows.Add(new(await SmbRowAsync(lab, lab.Peers.Limit, options, cancellationToken), Role.Other, Load.Other));
        return WithRatios(rows, smb);
    }

    /// <summary>The message's recipient: the receiver's own name for messngr (it refuses others); the limit takes any.</summary>
    private static string RecipientOf(IPeer peer) => peer is MessngrPeer messngr ? messngr.NetBiosName : ReceiverName;

    /// <summary>Native sends with <see cref="NativeSender"/> to <paramref name="peer"/>'s port 2426; messngr's store checked for every acknowledged id.</summary>
    private static Task<ResultRow> NativeRowAsync(BenchNode node, IPeer peer, string variant, int senders, BenchOptions options, bool checkStore, CancellationToken cancellationToken, Action? beforeEachRun = null)
    {
        var target = new IPEndPoint(IPAddress.Parse(peer.Host.Address), NativeLimitServer.Port);
        var acknowledged = new ConcurrentQueue<MessageId>();
        var recipient = RecipientOf(peer);
        async Task<bool> Send(CancellationToken token)
        {
            var message = new OutgoingMessage(MessageId.New(), recipient, "bench", 0, Text, DateTimeOffset.UtcNow);
            var result = await node.Sender.SendAsync(target, message, token).ConfigureAwait(false);
            if (result.Outcome != NativeSendOutcome.Delivered)
            {
                throw new IOException($"{result.Outcome}: {result.Detail}");
            }

            acknowledged.Enqueue(message.Id);
            return true;
        }

        string Check(long before)
        {
            if (!checkStore || peer is not MessngrPeer messngr)
            {
                return $"{(peer.StoredCount() - before).ToString("N0", CultureInfo.InvariantCulture)} in the store";
            }

            var ids = acknowledged.Select(id => id.ToString()).ToList();
            acknowledged.Clear();
            var stored = StoredIds(messngr.StateDirectory, before);
            var missing = ids.Count(id => !stored.Contains(id));
            return missing == 0
                ? $"all {ids.Count.ToString("N0", CultureInfo.InvariantCulture)} acknowledged in the store (by message id)"
                : $"MISSING {missing.ToString("N0", CultureInfo.InvariantCulture)} of {ids.Count.ToString("N0", CultureInfo.InvariantCulture)} acknowledged from the store";
        }

        return MeasureAsync(peer, variant, senders, options, Send, Check, cancellationToken, reset: () =>
        {
            acknowledged.Clear();
            beforeEachRun?.Invoke();
        });
    }

    /// <summary>
    /// <see cref="PipelinedFrameLoad"/>: raw MESSAGE frames, <paramref name="window"/> in flight on
    /// one connection (a fresh one per run: stopping the reader ends it), no outbox; messngr's store
    /// checked for every id answered <i>stored</i>.
    /// </summary>
    private static async Task<ResultRow> PipelinedRowAsync(BenchLab lab, BenchNode node, IPeer peer, string peerId, int window, BenchOptions options, CancellationToken cancellationToken, Action? beforeEachRun = null)
    {
        var target = new IPEndPoint(IPAddress.Parse(peer.Host.Address), NativeLimitServer.Port);
        var local = IPAddress.Parse(lab.Client.Address);
        async Task<(LoadResult Result, IReadOnlyList<MessageId> Stored)> RunOnce(int count, TimeSpan maxTime)
        {
            await using var channel = await node.OpenHelloedAsync(local, target, peerId, cancellationToken);
            return await PipelinedFrameLoad.RunAsync(channel, RecipientOf(peer), Text, window, count, maxTime, cancellationToken);
        }

        await RunOnce(int.MaxValue, options.WarmupTime);
        var (result, note) = await Repeat.MedianAsync(options.Repeats, async () =>
        {
            beforeEachRun?.Invoke();
            var before = peer.StoredCount();
            var (run, acknowledged) = await RunOnce(options.NativeMessages, options.MaxLoadTime);
            if (peer is not MessngrPeer messngr)
            {
                return (run, $"{(peer.StoredCount() - before).ToString("N0", CultureInfo.InvariantCulture)} in the store");
            }

            var stored = StoredIds(messngr.StateDirectory, before);
            var missing = acknowledged.Count(id => !stored.Contains(id.ToString()));
            return (run, missing == 0
                ? $"all {acknowledged.Count.ToString("N0", CultureInfo.InvariantCulture)} acknowledged in the store (by message id)"
                : $"MISSING {missing.ToString("N0", CultureInfo.InvariantCulture)} of {acknowledged.Count.ToString("N0", CultureInfo.InvariantCulture)} acknowledged from the store");
        }, r => r.run.PerSecond);
        var variant = window == 1 ? "raw frames on 1 connection, 1 in flight (no outbox)" : $"pipelined on 1 connection, {window} in flight (raw frames, no outbox)";
        return Rows.From("7 native delivery", variant, peer, result, "msgs/s", note: note);
    }

    /// <summary>Warm-up, then the median of the measured runs (<paramref name="reset"/> before each); <paramref name="note"/> gets the stored count from before the run.</summary>
    private static async Task<ResultRow> MeasureAsync(IPeer peer, string variant, int senders, BenchOptions options, Func<CancellationToken, Task<bool>> call, Func<long, string> note, CancellationToken cancellationToken, Action? reset = null)
    {
        await ConcurrentCallLoad.RunAsync(senders, int.MaxValue, options.WarmupTime, call, cancellationToken);
        var (result, text) = await Repeat.MedianAsync(options.Repeats, async () =>
        {
            reset?.Invoke();
            var before = peer.StoredCount();
            var run = await ConcurrentCallLoad.RunAsync(senders, options.NativeMessages, options.MaxLoadTime, call, cancellationToken);
            var extra = note(before);
            return (run, extra.Length > 0 ? extra : $"{(peer.StoredCount() - before).ToString("N0", CultureInfo.InvariantCulture)} in the stream");
        }, r => r.run.PerSecond);
        return Rows.From("7 native delivery", variant, peer, result, "msgs/s", note: text);
    }

    /// <summary>Scenario 2's one-shot (connect, SESSION REQUEST, D5, D7, D6, close) with 1 sender to the same receiver (or to the classic limit).</summary>
    private static async Task<ResultRow> SmbRowAsync(BenchLab lab, IPeer messngr, BenchOptions options, CancellationToken cancellationToken)
    {
        var target = new IPEndPoint(IPAddress.Parse(messngr.Host.Address), 139);
        var frames = new SmbMessageFrames(messngr.NetBiosName, "mbench smb message 0123456789\n");
        await SmbMessageLoad.RunAsync(lab, target, frames, 1, true, int.MaxValue, options.WarmupTime, options.ReplyTimeout, cancellationToken);
        var (result, note) = await Repeat.MedianAsync(options.Repeats, async () =>
        {
            var before = messngr.StoredCount();
            var run = await SmbMessageLoad.RunAsync(lab, target, frames, 1, true, options.SmbMessages, options.MaxLoadTime, options.ReplyTimeout, cancellationToken);
            // messngr sends the D6 reply after its commit, the limit after its write: the store holds them already.
            return (run, $"{(messngr.StoredCount() - before).ToString("N0", CultureInfo.InvariantCulture)} in the store");
        }, r => r.run.PerSecond);
        return Rows.From("7 native delivery", "SMB one-shot per message (smbclient -M), 1 sender", messngr, result, "msgs/s", note: note);
    }

    /// <summary>
    /// One <see cref="FsyncFloor"/> sample of 1 s (smoke 0.2 s) in <paramref name="directory"/> (the
    /// full-durability receiver's state directory: the filesystem its commits go to).
    /// </summary>
    private static FsyncFloor.Result SampleFloor(string directory, BenchOptions options) =>
        FsyncFloor.Run(options.RepoRoot, directory, options.Smoke ? TimeSpan.FromMilliseconds(200) : TimeSpan.FromSeconds(1));

    /// <summary>The fsync floor's row: the median of <paramref name="samples"/> by rate; the note lists every sample.</summary>
    private static ResultRow FsyncFloorRow(List<FsyncFloor.Result> samples, string when)
    {
        var result = samples.OrderBy(r => r.PerSecond).ElementAt(samples.Count / 2);
        var each = string.Join(", ", samples.Select(r => r.PerSecond.ToString("N0", CultureInfo.InvariantCulture)));
        var note = string.Create(CultureInfo.InvariantCulture, $"samples {each} commits/s (median shown); 128-byte write(2) + fdatasync(2) in a loop, 1 in flight, preallocated file in the full-durability receiver's state directory (bench/floor/fsync.c): the most messages/s one in flight at full durability can reach on this disk at that moment");
        var row = new ResultRow("7 native delivery", $"fsync floor: write + fdatasync, 1 in flight (the disk, no software), {when}", PeerKind.Limit, "fsync floor (C: write + fdatasync)",
            result.PerSecond, "commits/s", result.P50, result.P99, note)
        {
            Completed = result.Commits,
        };
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"bench: 7 native delivery / fsync floor {when}: {row.Throughput:0} commits/s (p50 {result.P50.TotalMicroseconds:0} µs; samples {each})"));
        return row;
    }

    /// <summary>
    /// The ratios in the notes of messngr's native rows: against JetStream without TLS and with
    /// mutual TLS at the same load (the raw-frame rows against the publishers with as many in
    /// flight), saying which one is equal work; with 1 sender native ÷ SMB (target ≥ 10); at full
    /// durability with 1 in flight, the share of the fsync floor.
    /// </summary>
    private static List<ResultRow> WithRatios(List<Measured> rows, ResultRow smb)
    {
        static string Ratio(double a, double b) => b > 0 ? (a / b).ToString("0.00", CultureInfo.InvariantCulture) + "×" : "—";
        double JetStream(Role role, Load load)
        {
            var reference = load switch
            {
                Load.OneSender or Load.Raw1 => Load.OneSender,
                _ => Load.SixteenSenders,
            };
            return rows.FirstOrDefault(m => m.Role == role && m.Load == reference)?.Row.Throughput ?? 0;
        }

        var result = new List<ResultRow>();
        foreach (var (row, role, load) in rows)
        {
            if (role is not (Role.MessngrFull or Role.MessngrNormal))
            {
                result.Add(row);
                continue;
            }

            var publishers = load switch
            {
                Load.Raw16 => " (16 publishers)",
                Load.Raw1 => " (1 publisher)",
                _ => string.Empty,
            };
            var plain = Ratio(row.Throughput, JetStream(Role.JetStream, load));
            var tls = Ratio(row.Throughput, JetStream(Role.JetStreamTls, load));
            var ratios = role == Role.MessngrNormal
                ? $"EQUAL WORK native/JetStream mutual TLS{publishers} {tls} (target ≥ 1: both mutual TLS 1.3, both answer before any fsync); native/JetStream plain {plain} (JetStream without TLS)"
                : $"native/JetStream plain{publishers} {plain}, mutual TLS {tls} (target ≥ 1; not equal work: messngr fsyncs each commit before *stored*, JetStream 2.9 acks before any fsync — equal work is the store sync normal row)";
            if (role == Role.MessngrFull && load == Load.OneSender)
            {
                ratios += $"; native/SMB {Ratio(row.Throughput, smb.Throughput)} (target ≥ 10)";
            }

            if (role == Role.MessngrFull && load is Load.OneSender or Load.Raw1)
            {
                var floor = rows.FirstOrDefault(m => m.Role == Role.Floor && m.Load == load)?.Row.Throughput ?? 0;
                ratios += $"; {Ratio(row.Throughput, floor)} of the fsync floor sampled before its runs";
            }

            Console.Error.WriteLine($"bench: 7 native delivery / {row.Variant} / {row.PeerLabel}: {ratios}");
            result.Add(row with { Note = $"{ratios}; {row.Note}" });
        }

        return result;
    }

    /// <summary>The message ids messngr stored after row <paramref name="afterRow"/>.</summary>
    private static HashSet<string> StoredIds(string stateDirectory, long afterRow)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(stateDirectory, "messngr.db")};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT message_id FROM messages WHERE id > $after AND message_id IS NOT NULL";
        command.Parameters.AddWithValue("$after", afterRow);
        var ids = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }
}
