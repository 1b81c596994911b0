namespace Messngr.Wire;

/// <summary>
/// One wire message (style.md, Packets): read from a <see cref="WireReader"/>, written to a
/// <see cref="WireWriter"/>, and knows its encoded length before writing.
/// </summary>
public interface IWirePacket<TSelf> where TSelf : IWirePacket<TSelf>
{
    static abstract TSelf Read(ref WireReader reader);

    void Write(ref WireWriter writer);

    int EncodedLength { get; }
}
