using System.Globalization;
using System.Net;
using Messngr.Bench.Harness;
using Messngr.Bench.Limit;
using Messngr.Bench.Measure;
using Messngr.Bench.Native;
using Messngr.Bench.Peers;
using Messngr.Daemon.Native;

namespace Messngr.Bench.Scenarios;

/// <summary>
/// Scenario 9 (issue #13, "Memory per idle peer connection, and with 200 peers connected"): a fresh
/// <c>messngr serve</c> with the native transport on, trusting the bench's node; its RSS idle, then
/// with <see cref="BenchOptions.IdleNativeConnections"/> native connections open and idle, each a
/// TLS 1.3 handshake with the bench node's certificate and a HELLO answered by HELLO-ACK. The
/// receiver takes at most 8 connections per source address (and 256 in all): the bench adds one
/// extra address to its client host per 8 connections (10.97.0.200 upwards) and binds each
/// connection's socket to one of them. Reported: RSS (and PSS) idle and connected, KiB per
/// connection.
/// </summary>
public sealed class NativeIdleConnectionsScenario : IScenario
{
    /// <summary>The receiver's per-source cap (<c>DaemonLimits.MaxNativeConnectionsPerSource</c>).</summary>
    private static readonly int PerSource = Messngr.Daemon.Core.DaemonLimits.Default.MaxNativeConnectionsPerSource;

    public int Number => 9;

    public string Title => "Native idle connections: receiver memory";

    public async Task<IReadOnlyList<ResultRow>> RunAsync(BenchLab lab, BenchOptions options, CancellationToken cancellationToken)
    {
        await using var node = BenchNode.Create(lab, "idle-node");
        using var messngr = MessngrPeer.Start(lab, "idle-native", name: "MBIDLENAT", prepareState: state => BenchNode.TrustIn(state, node.Identity.Id));
        var receiver = BenchNode.ReadNodeId(messngr.StateDirectory);
        node.TrustPeer(receiver);
        var target = new IPEndPoint(IPAddress.Parse(messngr.Host.Address), NativeLimitServer.Port);
        var count = options.IdleNativeConnections;
        var sources = AddSourceAddresses(lab, (count + PerSource - 1) / PerSource);
        var settle = options.Smoke ? TimeSpan.FromMilliseconds(300) : TimeSpan.FromSeconds(3);

        await Task.Delay(settle, cancellationToken);
        var pids = ProcessCost.NamespacePids(messngr.Host.Namespace);
        var idle = ProcessCost.ReadMemory(pids);

        var channels = new List<IFrameChannel>();
        var failed = 0;
        try
        {
            for (var i = 0; i < count; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                using var step = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                step.CancelAfter(TimeSpan.FromSeconds(30));
                try
                {
                    channels.Add(await node.OpenHelloedAsync(sources[i / PerSource], target, receiver.ToString(), step.Token));
                }
                catch (Exception ex) when (ex is IOException or TlsChannelException or System.Net.Sockets.SocketException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
                {
                    if (++failed <= 3)
                    {
                        Console.Error.WriteLine($"bench: idle connection {i} failed: {ex.Message}");
                    }
                }
            }

            await Task.Delay(settle, cancellationToken);
            var open = channels.Count(c => c.IsOpen);
            var connected = ProcessCost.ReadMemory(pids);
            var perConnection = open > 0 ? (connected.RssKiB - idle.RssKiB) / (double)open : 0;
            var note = string.Create(CultureInfo.InvariantCulture,
                $"{open} idle native connections (TLS 1.3 + HELLO) from {sources.Count} source addresses, {failed} failed; RSS {Mib(idle.RssKiB)} idle → {Mib(connected.RssKiB)} connected (PSS {Mib(idle.PssKiB)} → {Mib(connected.PssKiB)}; threads {idle.Threads} → {connected.Threads})");
            var label = messngr.Label;
            return
            [
                new ResultRow($"{Number} native idle connections", "receiver RSS idle", PeerKind.Messngr, label, idle.RssKiB / 1024.0, "MiB RSS", null, null,
                    string.Create(CultureInfo.InvariantCulture, $"{Mib(idle.RssKiB)} RSS, {Mib(idle.PssKiB)} PSS before any native connection")) { Completed = 1 },
                new ResultRow($"{Number} native idle connections", $"receiver RSS with {open} idle connections", PeerKind.Messngr, label, connected.RssKiB / 1024.0, "MiB RSS", null, null, note) { Completed = open },
                new ResultRow($"{Number} native idle connections", "receiver memory per idle connection", PeerKind.Messngr, label, perConnection, "KiB/conn", null, null,
                    string.Create(CultureInfo.InvariantCulture, $"(RSS connected − RSS idle) ÷ {open}")) { Completed = open },
            ];
        }
        finally
        {
            foreach (var channel in channels)
            {
                await channel.DisposeAsync();
            }
        }
    }

    /// <summary>Adds <paramref name="count"/> addresses (10.97.0.200 upwards) to the client host; each carries at most <see cref="PerSource"/> connections.</summary>
    private static List<IPAddress> AddSourceAddresses(BenchLab lab, int count)
    {
        if (count > 50)
        {
            throw new ArgumentOutOfRangeException(nameof(count), "at most 50 extra source addresses (10.97.0.200-249)");
        }

        var addresses = new List<IPAddress>();
        for (var i = 0; i < count; i++)
        {
            var address = $"{BenchNetwork.Subnet}.{(200 + i).ToString(CultureInfo.InvariantCulture)}";
            var result = Tool.Exec(lab.Client.Namespace, ["ip", "addr", "replace", $"{address}/24", "dev", BenchHost.Interface]);
            if (result.ExitCode != 0)
            {
                throw new InvalidOperationException($"could not add {address} to the client host: {result.Error}");
            }

            addresses.Add(IPAddress.Parse(address));
        }

        return addresses;
    }

    private static string Mib(long? kib) => kib is { } value ? (value / 1024.0).ToString("0.0", CultureInfo.InvariantCulture) + " MiB" : "?";
}
