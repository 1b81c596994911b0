namespace Messngr.Wire.NetBios.NameService;

/// <summary>
/// ONT field of NB_FLAGS and NAME_FLAGS (bits 0x6000), RFC 1002 4.2.1.3; the H-node value is
/// Microsoft's (the RFC calls it reserved), protocols.md §2.2.
/// </summary>
public enum NbnsNodeType : byte
{
    BNode = 0,
    PNode = 1,
    MNode = 2,
    HNode = 3,
}
