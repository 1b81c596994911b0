namespace Messngr.Daemon.Native;

/// <summary>The well-known port of docs/native-protocol.md §1 and §9.1.</summary>
internal static class DiscoveryDefaults
{
    /// <summary>2426/udp carries discovery; 2426/tcp is the native port announced until <c>native port</c> makes it configurable.</summary>
    public const ushort Port = 2426;
}
