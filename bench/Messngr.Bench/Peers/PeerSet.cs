using Messngr.Bench.Harness;

namespace Messngr.Bench.Peers;

/// <summary>
/// The peers of one run, each started on first use in its own namespace (so all three can hold
/// the classic ports at once) and kept until the lab goes. Idle peers cost next to nothing.
/// </summary>
public sealed class PeerSet : IDisposable
{
    private readonly BenchLab _lab;
    private readonly Lock _lock = new();
    private readonly Dictionary<PeerKind, IPeer> _peers = [];

    internal PeerSet(BenchLab lab) => _lab = lab;

    public IPeer Messngr => Get(PeerKind.Messngr);

    public IPeer Samba => Get(PeerKind.Samba);

    public IPeer Limit => Get(PeerKind.Limit);

    public IPeer Get(PeerKind kind)
    {
        lock (_lock)
        {
            if (!_peers.TryGetValue(kind, out var peer))
            {
                peer = kind switch
                {
                    PeerKind.Messngr => MessngrPeer.Start(_lab),
                    PeerKind.Samba => SambaPeer.Start(_lab),
                    _ => LimitPeer.Start(_lab),
                };
                _peers[kind] = peer;
            }

            return peer;
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            foreach (var peer in _peers.Values)
            {
                try
                {
                    peer.Dispose();
                }
                catch (Exception ex)
                {
                    Console.Error.WriteLine($"bench: stopping {peer.Label} failed: {ex.Message}");
                }
            }

            _peers.Clear();
        }
    }
}
