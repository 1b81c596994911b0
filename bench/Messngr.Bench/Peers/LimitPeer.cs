using Messngr.Bench.Harness;

namespace Messngr.Bench.Peers;

/// <summary>
/// The "limit": the bench's own minimal responders (<see cref="Limit.LimitServer"/>) in a separate
/// process (this dll under <c>dotnet</c>, JIT) in its own namespace. Stored = lines in its store file.
/// </summary>
public sealed class LimitPeer : IPeer
{
    public const string Name = "MBLIMIT";

    private readonly BenchProcess _process;
    private readonly LineCounter _store;

    private LimitPeer(BenchHost host, BenchProcess process, string storePath)
    {
        Host = host;
        _process = process;
        _store = new LineCounter(storePath);
    }

    public PeerKind Kind => PeerKind.Limit;

    public string Label => "limit (C# minimal responder)";

    public BenchHost Host { get; }

    public string NetBiosName => Name;

    internal static LimitPeer Start(BenchLab lab)
    {
        var host = lab.AddHost("limit");
        var store = Path.Combine(lab.Directory, "limit-store.log");
        var dll = typeof(LimitPeer).Assembly.Location;
        var process = lab.Start(host, ["dotnet", dll, "limit", "--address", host.Address, "--name", Name, "--store", store],
            new Dictionary<string, string> { ["DOTNET_TieredPGO"] = "1" });
        var peer = new LimitPeer(host, process, store);
        if (!process.WaitUntil(() => process.Output.Contains("limit ready", StringComparison.Ordinal), TimeSpan.FromSeconds(20)))
        {
            var why = process.Describe();
            peer.Dispose();
            throw new InvalidOperationException($"the limit responder did not start.\n{why}");
        }

        return peer;
    }

    public long StoredCount() => _store.Count();

    public string Describe() => _process.Describe();

    public void Dispose()
    {
        _process.Stop();
        _process.Dispose();
    }
}
