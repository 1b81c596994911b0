namespace Messngr.Wire;

/// <summary>The one place where <see cref="MalformedPacketException"/> turns into a <see cref="PacketError"/>.</summary>
public static class WirePacket
{
    /// <summary>
    /// Parses a whole datagram or frame. Bytes left over after the packet are an error unless
    /// <paramref name="allowTrailing"/> is set (some senders pad datagrams).
    /// </summary>
    public static bool TryParse<T>(ReadOnlySpan<byte> bytes, out T? packet, out PacketError error, bool allowTrailing = false)
        where T : IWirePacket<T>
    {
        try
        {
            var reader = new WireReader(bytes);
            packet = T.Read(ref reader);
            if (!allowTrailing && reader.Remaining != 0)
            {
                packet = default;
                error = PacketError.TrailingBytes;
                return false;
            }

            error = PacketError.None;
            return true;
        }
        catch (MalformedPacketException ex)
        {
            packet = default;
            error = ex.Reason;
            return false;
        }
    }

    /// <summary>Encodes a packet into a new array of exactly <see cref="IWirePacket{TSelf}.EncodedLength"/> bytes.</summary>
    public static byte[] ToArray<T>(T packet) where T : IWirePacket<T>
    {
        var buffer = new byte[packet.EncodedLength];
        var writer = new WireWriter(buffer);
        packet.Write(ref writer);
        if (writer.Position != buffer.Length)
        {
            throw new InvalidOperationException($"{typeof(T).Name} wrote {writer.Position} bytes but declared {buffer.Length}");
        }

        return buffer;
    }

    /// <summary>Encodes a packet into <paramref name="destination"/>; returns the bytes written.</summary>
    public static int Write<T>(T packet, Span<byte> destination) where T : IWirePacket<T>
    {
        var writer = new WireWriter(destination);
        packet.Write(ref writer);
        return writer.Position;
    }
}
