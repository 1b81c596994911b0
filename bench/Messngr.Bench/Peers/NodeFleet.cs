using System.Globalization;
using Messngr.Bench.Harness;
using Messngr.Daemon.Native;
using Microsoft.Data.Sqlite;

namespace Messngr.Bench.Peers;

/// <summary>
/// Scenario 8's receivers (issue #13, "send to 100 recipient nodes"): <c>N</c> fresh
/// <c>messngr serve</c> nodes, each in its own namespace on the bench LAN (10.97.0.x), with its own
/// state directory, node key and certificate, NetBIOS name <c>MB8R001</c>… and a trust list that
/// holds the given sender nodes, written before the start as <c>messngr trust add</c> writes it.
/// The identities are made beforehand with the daemon's own <see cref="NodeIdentity.LoadOrCreate"/>
/// (what serve loads at start), so the senders can trust every receiver before any of them runs.
/// Discovery is off (<c>--no-discovery</c>): <c>NAME@ADDRESS</c> needs no peer table, and 100
/// nodes verifying each other's signed announcements would load the machine while it is measured.
/// </summary>
internal sealed class NodeFleet : IDisposable
{
    /// <summary>Serve processes started at once (each waits for its NBNS registration).</summary>
    private const int StartParallel = 16;

    private readonly List<MessngrPeer> _nodes;

    private NodeFleet(List<MessngrPeer> nodes, IReadOnlyList<NodeId> ids)
    {
        _nodes = nodes;
        Ids = ids;
    }

    public IReadOnlyList<MessngrPeer> Nodes => _nodes;

    /// <summary>The receivers' node ids, in <see cref="Nodes"/>' order (the senders trust these).</summary>
    public IReadOnlyList<NodeId> Ids { get; }

    public static string NodeName(int index) => string.Create(CultureInfo.InvariantCulture, $"MB8R{index + 1:000}");

    /// <summary>
    /// Makes <paramref name="count"/> state directories under the lab's directory with a fresh node
    /// identity each, trusting <paramref name="senders"/>; returns their ids (before any start).
    /// </summary>
    public static IReadOnlyList<NodeId> Prepare(BenchLab lab, string prefix, int count, IReadOnlyList<NodeId> senders)
    {
        var ids = new NodeId[count];
        Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = 2 }, i =>
        {
            var state = StateDirectory(lab, prefix, i);
            Directory.CreateDirectory(state);
            File.SetUnixFileMode(state, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            using (var identity = NodeIdentity.LoadOrCreate(state, TimeProvider.System))
            {
                ids[i] = identity.Id;
            }

            foreach (var sender in senders)
            {
                Native.BenchNode.TrustIn(state, sender);
            }
        });
        return ids;
    }

    /// <summary>Starts the prepared nodes (<see cref="StartParallel"/> at a time); on a failure the started ones are ended.</summary>
    public static async Task<NodeFleet> StartAsync(BenchLab lab, string prefix, IReadOnlyList<NodeId> ids, CancellationToken cancellationToken)
    {
        var nodes = new MessngrPeer?[ids.Count];
        using var slots = new SemaphoreSlim(StartParallel);
        var starts = Enumerable.Range(0, ids.Count).Select(async i =>
        {
            await slots.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                // The role's state directory is the prepared one (MessngrPeer uses DIR/ROLE-state).
                nodes[i] = await Task.Run(() => MessngrPeer.Start(lab, Role(prefix, i), name: NodeName(i), extraArguments: ["--no-discovery"]), cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                slots.Release();
            }
        }).ToList();
        try
        {
            await Task.WhenAll(starts).ConfigureAwait(false);
        }
        catch
        {
            foreach (var node in nodes)
            {
                node?.Dispose();
            }

            throw;
        }

        return new NodeFleet([.. nodes.Select(n => n!)], ids);
    }

    /// <summary>One line per node, <c>NAME@ADDRESS</c>: the <c>@FILE</c> of <c>messngr send</c>.</summary>
    public string WriteRecipientList(string path)
    {
        File.WriteAllLines(path, _nodes.Select(n => $"{n.NetBiosName}@{n.Host.Address}"));
        return path;
    }

    /// <summary>How many nodes hold a message with exactly <paramref name="text"/> in their store (read-only).</summary>
    public int HoldingText(string text) => _nodes.Count(node => CountText(node.StateDirectory, text) > 0);

    public void Dispose()
    {
        Parallel.ForEach(_nodes, new ParallelOptions { MaxDegreeOfParallelism = 8 }, node => node.Dispose());
    }

    private static string Role(string prefix, int index) => string.Create(CultureInfo.InvariantCulture, $"{prefix}{index + 1:000}");

    private static string StateDirectory(BenchLab lab, string prefix, int index) => Path.Combine(lab.Directory, $"{Role(prefix, index)}-state");

    private static long CountText(string stateDirectory, string text)
    {
        var database = Path.Combine(stateDirectory, "messngr.db");
        if (!File.Exists(database))
        {
            return 0;
        }

        using var connection = new SqliteConnection($"Data Source={database};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM messages WHERE text = $text";
        command.Parameters.AddWithValue("$text", text);
        return (long)command.ExecuteScalar()!;
    }
}
