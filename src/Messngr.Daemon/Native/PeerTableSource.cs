namespace Messngr.Daemon.Native;

/// <summary>How a peer in the <see cref="PeerTable"/> is known.</summary>
internal enum PeerTableSource
{
    /// <summary>From a verified ANNOUNCE (docs/native-protocol.md §9.3).</summary>
    Announced,

    /// <summary>From <c>native peers</c> in the configuration.</summary>
    Static,

    /// <summary>Configured and also announced from that address.</summary>
    Both,
}
