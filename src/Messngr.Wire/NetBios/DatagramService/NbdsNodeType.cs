using System.Diagnostics.CodeAnalysis;

namespace Messngr.Wire.NetBios.DatagramService;

/// <summary>
/// SNT, the source end-node type in FLAGS bits 2–3: RFC 1002 4.4.1 (protocols.md §3.1).
/// Members keep the RFC's spelling.
/// </summary>
[SuppressMessage("Naming", "CA1707:Identifiers should not contain underscores", Justification = "Members mirror RFC 1002 4.4.1.")]
public enum NbdsNodeType : byte
{
    /// <summary>00: B node (broadcast). What a node without a WINS server is.</summary>
    B_NODE = 0,

    /// <summary>01: P node (point-to-point, WINS only).</summary>
    P_NODE = 1,

    /// <summary>10: M node (mixed). Samba nmbd and smbclient send FLAGS 0x0A (observed).</summary>
    M_NODE = 2,

    /// <summary>11: "NBDD" in the RFC; Microsoft uses it for an H node ([MS-MAIL] note &lt;13&gt;).</summary>
    NBDD = 3,
}
