using Messngr.Bench.Harness;
using Messngr.Bench.Limit;
using Messngr.Bench.Native;
using Messngr.Daemon.Native;

namespace Messngr.Bench.Peers;

/// <summary>
/// The native limit of scenario 7 (<see cref="NativeLimitServer"/>): a separate <c>dotnet</c>
/// process in its own host, trusting the bench's node (its trust list written before the start),
/// TLS 1.3 on port 2426. Stored = lines in its file.
/// </summary>
public sealed class NativeLimitPeer : IPeer
{
    private readonly BenchProcess _process;
    private readonly LineCounter _store;

    private NativeLimitPeer(BenchHost host, BenchProcess process, string storePath, string stateDirectory)
    {
        Host = host;
        _process = process;
        _store = new LineCounter(storePath);
        StateDirectory = stateDirectory;
    }

    public PeerKind Kind => PeerKind.Limit;

    public string Label => "limit (C# TLS 1.3 responder)";

    public BenchHost Host { get; }

    public string NetBiosName => "MBNLIMIT";

    public string StateDirectory { get; }

    internal static NativeLimitPeer Start(BenchLab lab, NodeId client)
    {
        var host = lab.AddHost("nlimit");
        var state = Path.Combine(lab.Directory, "nlimit-state");
        BenchNode.TrustIn(state, client);
        var store = Path.Combine(lab.Directory, "nlimit-store.log");
        var dll = typeof(NativeLimitPeer).Assembly.Location;
        var process = lab.Start(host, ["dotnet", dll, "native-limit", "--address", host.Address, "--state", state, "--store", store],
            new Dictionary<string, string> { ["DOTNET_TieredPGO"] = "1" });
        var peer = new NativeLimitPeer(host, process, store, state);
        if (!process.WaitUntil(() => process.Output.Contains("native limit ready", StringComparison.Ordinal), TimeSpan.FromSeconds(30)))
        {
            var why = process.Describe();
            peer.Dispose();
            throw new InvalidOperationException($"the native limit responder did not start.\n{why}");
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
