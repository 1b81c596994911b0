namespace Messngr.Wire.DceRpc;

/// <summary>
/// Codec root for NDR stubs and PDU bodies in either byte order. Parsing goes through
/// <see cref="WirePacket.TryParse{T}"/> (the one place that catches) via a tiny wrapper per byte order.
/// </summary>
public static class NdrStub
{
    /// <summary>
    /// Parses <paramref name="stub"/> as <typeparamref name="T"/> in <paramref name="representation"/>.
    /// Bytes after the value are an error unless <paramref name="allowTrailing"/> (versioned CL bodies
    /// may grow, C706 §12.5.3 "end of version 0 format").
    /// </summary>
    public static bool TryParse<T>(ReadOnlySpan<byte> stub, NdrDataRepresentation representation, out T? value, out PacketError error, bool allowTrailing = false)
        where T : INdrPacket<T>
    {
        bool ok;
        if (representation.IsBigEndian)
        {
            ok = WirePacket.TryParse<BigEndianStub<T>>(stub, out var big, out error, allowTrailing);
            value = ok ? big.Value : default;
        }
        else
        {
            ok = WirePacket.TryParse<LittleEndianStub<T>>(stub, out var little, out error, allowTrailing);
            value = ok ? little.Value : default;
        }

        return ok;
    }

    /// <summary>Encodes <paramref name="value"/> as a stub in <paramref name="representation"/>.</summary>
    public static byte[] ToArray<T>(T value, NdrDataRepresentation representation) where T : INdrPacket<T>
    {
        var buffer = new byte[value.EncodedLength];
        var ndr = new NdrWriter(new WireWriter(buffer), representation);
        value.Write(ref ndr);
        if (ndr.Position != buffer.Length)
        {
            throw new InvalidOperationException($"{typeof(T).Name} wrote {ndr.Position} bytes but declared {buffer.Length}");
        }

        return buffer;
    }

    /// <summary>Reads <typeparamref name="T"/> from a reader positioned at a stub start (used by PDU readers).</summary>
    internal static T Read<T>(ref WireReader reader, NdrDataRepresentation representation) where T : INdrPacket<T>
    {
        var ndr = new NdrReader(reader, representation);
        var value = T.Read(ref ndr);
        reader = ndr.Reader;
        return value;
    }

    internal static void Write<T>(T value, ref WireWriter writer, NdrDataRepresentation representation) where T : INdrPacket<T>
    {
        var ndr = new NdrWriter(writer, representation);
        value.Write(ref ndr);
        writer = ndr.Writer;
    }

    private readonly record struct LittleEndianStub<T>(T Value) : IWirePacket<LittleEndianStub<T>> where T : INdrPacket<T>
    {
        public int EncodedLength => Value.EncodedLength;

        public static LittleEndianStub<T> Read(ref WireReader reader) => new(NdrStub.Read<T>(ref reader, NdrDataRepresentation.LittleEndian));

        public void Write(ref WireWriter writer) => NdrStub.Write(Value, ref writer, NdrDataRepresentation.LittleEndian);
    }

    private readonly record struct BigEndianStub<T>(T Value) : IWirePacket<BigEndianStub<T>> where T : INdrPacket<T>
    {
        public int EncodedLength => Value.EncodedLength;

        public static BigEndianStub<T> Read(ref WireReader reader) => new(NdrStub.Read<T>(ref reader, NdrDataRepresentation.BigEndian));

        public void Write(ref WireWriter writer) => NdrStub.Write(Value, ref writer, NdrDataRepresentation.BigEndian);
    }
}
