using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;
using Messngr.Bench.Harness;
using Messngr.Bench.Limit;
using Messngr.Bench.Load;
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
/// </summary>
public sealed class NativeDeliveryScenario : IScenario
{
    public const string ReceiverName = "MBNATIVE";

    /// <summary>30 bytes, as scenario 2's SMB message, for every peer.</summary>
    public const string Text = "mbench native message 01234567";

    private static readonly int[] SenderCounts = [1, 16];

    /// <summary>Requests in flight in the pipelined rows (as many as the 16 senders).</summary>
    private const int PipelineWindow = 16;

    public int Number => 7;

    public string Title => "Native delivery (stored receipts) vs NATS JetStream and the SMB path";

    public async Task<IReadOnlyList<ResultRow>> RunAsync(BenchLab lab, BenchOptions options, CancellationToken cancellationToken)
    {
        await using var node = BenchNode.Create(lab, "bench-node");
        using var messngr = MessngrPeer.Start(lab, "native", name: ReceiverName, prepareState: state => BenchNode.TrustIn(state, node.Identity.Id));
        node.TrustPeer(BenchNode.ReadNodeId(messngr.StateDirectory));
        using var limit = NativeLimitPeer.Start(lab, node.Identity.Id);
        node.TrustPeer(BenchNode.ReadNodeId(limit.StateDirectory));
        using var jetstream = await JetStreamPeer.StartAsync(lab, cancellationToken);

        var payload = Encoding.UTF8.GetBytes(Text);
        var rows = new List<ResultRow>();
        foreach (var senders in SenderCounts)
        {
            var variant = $"kept connection, {senders} sender{(senders == 1 ? string.Empty : "s")}";
            // Peers interleaved per variant: a burst of noise on the shared machine hits neighbours alike.
            rows.Add(await NativeRowAsync(node, messngr, variant, senders, options, checkStore: true, cancellationToken));
            rows.Add(await MeasureAsync(jetstream, variant, senders, options, token => jetstream.PublishAsync(payload, token), _ => string.Empty, cancellationToken));
            rows.Add(await NativeRowAsync(node, limit, variant, senders, options, checkStore: false, cancellationToken));
        }

        // The receivers' capacity on one connection with requests in flight: what a pipelined sender can approach.
        var receiverId = BenchNode.ReadNodeId(messngr.StateDirectory).ToString();
        var limitId = BenchNode.ReadNodeId(limit.StateDirectory).ToString();
        rows.Add(await PipelinedRowAsync(lab, node, messngr, receiverId, options, cancellationToken));
        rows.Add(await PipelinedRowAsync(lab, node, limit, limitId, options, cancellationToken));

        var smb = await SmbRowAsync(lab, messngr, options, cancellationToken);
        rows.Add(smb);
        // Scenario 2's classic limit on the same one-shot: what the SMB path costs messngr over the least work, in this run.
        rows.Add(await SmbRowAsync(lab, lab.Peers.Limit, options, cancellationToken));
        return WithRatios(rows, smb);
    }

    /// <summary>Native sends with <see cref="NativeSender"/> to <paramref name="peer"/>'s port 2426; messngr's store checked for every acknowledged id.</summary>
    private static Task<ResultRow> NativeRowAsync(BenchNode node, IPeer peer, string variant, int senders, BenchOptions options, bool checkStore, CancellationToken cancellationToken)
    {
        var target = new IPEndPoint(IPAddress.Parse(peer.Host.Address), NativeLimitServer.Port);
        var acknowledged = new ConcurrentQueue<MessageId>();
        async Task<bool> Send(CancellationToken token)
        {
            var message = new OutgoingMessage(MessageId.New(), ReceiverName, "bench", 0, Text, DateTimeOffset.UtcNow);
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

        return MeasureAsync(peer, variant, senders, options, Send, Check, cancellationToken, reset: acknowledged.Clear);
    }

    /// <summary>
    /// <see cref="PipelinedFrameLoad"/>: raw MESSAGE frames, <see cref="PipelineWindow"/> in flight on
    /// one connection (a fresh one per run: stopping the reader ends it), no outbox; messngr's store
    /// checked for every id answered <i>stored</i>.
    /// </summary>
    private static async Task<ResultRow> PipelinedRowAsync(BenchLab lab, BenchNode node, IPeer peer, string peerId, BenchOptions options, CancellationToken cancellationToken)
    {
        var target = new IPEndPoint(IPAddress.Parse(peer.Host.Address), NativeLimitServer.Port);
        var local = IPAddress.Parse(lab.Client.Address);
        async Task<(LoadResult Result, IReadOnlyList<MessageId> Stored)> RunOnce(int count, TimeSpan maxTime)
        {
            await using var channel = await node.OpenHelloedAsync(local, target, peerId, cancellationToken);
            return await PipelinedFrameLoad.RunAsync(channel, ReceiverName, Text, PipelineWindow, count, maxTime, cancellationToken);
        }

        await RunOnce(int.MaxValue, options.WarmupTime);
        var (result, note) = await Repeat.MedianAsync(options.Repeats, async () =>
        {
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
        return Rows.From("7 native delivery", $"pipelined on 1 connection, {PipelineWindow} in flight (raw frames, no outbox)", peer, result, "msgs/s", note: note);
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

    /// <summary>The targets' ratios, in the note of messngr's native rows: native ÷ JetStream (same variant) and, with 1 sender, native ÷ SMB.</summary>
    private static List<ResultRow> WithRatios(List<ResultRow> rows, ResultRow smb)
    {
        string Ratio(double a, double b) => b > 0 ? (a / b).ToString("0.00", CultureInfo.InvariantCulture) + "×" : "—";
        var result = new List<ResultRow>();
        foreach (var row in rows)
        {
            if (row.Peer != PeerKind.Messngr || ReferenceEquals(row, smb))
            {
                result.Add(row);
                continue;
            }

            // The pipelined row (16 in flight) is set against JetStream's 16 concurrent publishers.
            var pipelined = row.Variant.StartsWith("pipelined", StringComparison.Ordinal);
            var jetstream = rows.FirstOrDefault(r => r.Peer == PeerKind.JetStream && (pipelined ? r.Variant.EndsWith(", 16 senders", StringComparison.Ordinal) : r.Variant == row.Variant));
            var ratios = $"native/JetStream{(pipelined ? " (16 publishers)" : string.Empty)} {Ratio(row.Throughput, jetstream?.Throughput ?? 0)} (target ≥ 1)";
            if (row.Variant.EndsWith(", 1 sender", StringComparison.Ordinal))
            {
                ratios += $"; native/SMB {Ratio(row.Throughput, smb.Throughput)} (target ≥ 10)";
            }

            Console.Error.WriteLine($"bench: 7 native delivery / {row.Variant}: {ratios}");
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
