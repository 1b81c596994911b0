using System.Buffers.Binary;

namespace Messngr.Wire;

/// <summary>
/// Forward writer over a caller-provided span. Running out of room is a programming error
/// (an <c>EncodedLength</c> that lies), not bad input, so it throws <see cref="InvalidOperationException"/>.
/// </summary>
public ref struct WireWriter
{
    private readonly Span<byte> _buffer;
    private int _position;

    public WireWriter(Span<byte> buffer)
    {
        _buffer = buffer;
        _position = 0;
    }

    public readonly int Position => _position;

    /// <summary>Everything written so far (label pointers and length back-patches use it).</summary>
    public readonly Span<byte> Written => _buffer[.._position];

    public void WriteByte(byte value) => Reserve(1)[0] = value;

    public void WriteUInt16BigEndian(ushort value) => BinaryPrimitives.WriteUInt16BigEndian(Reserve(2), value);

    public void WriteUInt16LittleEndian(ushort value) => BinaryPrimitives.WriteUInt16LittleEndian(Reserve(2), value);

    public void WriteUInt32BigEndian(uint value) => BinaryPrimitives.WriteUInt32BigEndian(Reserve(4), value);

    public void WriteUInt32LittleEndian(uint value) => BinaryPrimitives.WriteUInt32LittleEndian(Reserve(4), value);

    public void WriteBytes(ReadOnlySpan<byte> bytes) => bytes.CopyTo(Reserve(bytes.Length));

    public void WriteZeros(int count) => Reserve(count).Clear();

    /// <summary>Writes the bytes then a NUL terminator.</summary>
    public void WriteNulTerminated(ReadOnlySpan<byte> bytes)
    {
        WriteBytes(bytes);
        WriteByte(0);
    }

    /// <summary>Claims the next <paramref name="count"/> bytes for the caller to fill.</summary>
    public Span<byte> Reserve(int count)
    {
        if (count < 0 || count > _buffer.Length - _position)
        {
            throw new InvalidOperationException($"wire writer overflow: {count} bytes at {_position} of {_buffer.Length}");
        }

        var span = _buffer.Slice(_position, count);
        _position += count;
        return span;
    }
}
