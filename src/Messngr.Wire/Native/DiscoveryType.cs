namespace Messngr.Wire.Native;

/// <summary>TYPE byte of a LAN discovery datagram (docs/native-protocol.md §9.2).</summary>
public enum DiscoveryType : byte
{
    /// <summary>§9.3: a signed statement "node N serves these names on this port".</summary>
    Announce = 1,

    /// <summary>§9.4: asks nodes to announce (unsigned; answered to the group, never to the source).</summary>
    Probe = 2,
}
