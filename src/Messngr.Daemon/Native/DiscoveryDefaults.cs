namespace Messngr.Daemon.Native;

/// <summary>The well-known port of docs/native-protocol.md §1 and §9.1.</summary>
internal static class DiscoveryDefaults
{
    /// <summary>2426/udp carries discovery; the TCP port announced is the <c>native port</c> option's.</summary>
    public const ushort Port = 2426;
}
