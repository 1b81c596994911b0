using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;

namespace Messngr.Wire;

/// <summary>
/// Forward reader over one complete datagram or frame. Every read is checked against the bytes
/// left and throws <see cref="MalformedPacketException"/> (never IndexOutOfRange) when short.
/// Endianness is in the method name: NetBIOS is big-endian, SMB little-endian (style.md).
/// </summary>
public ref struct WireReader
{
    private readonly ReadOnlySpan<byte> _buffer;
    private readonly int _baseOffset;
    private int _position;

    public WireReader(ReadOnlySpan<byte> buffer) : this(buffer, 0) { }

    private WireReader(ReadOnlySpan<byte> buffer, int baseOffset)
    {
        _buffer = buffer;
        _baseOffset = baseOffset;
        _position = 0;
    }

    /// <summary>The whole buffer this reader walks (label pointers are offsets into it).</summary>
    public readonly ReadOnlySpan<byte> Buffer => _buffer;

    public readonly int Position => _position;

    public readonly int Remaining => _buffer.Length - _position;

    public readonly bool IsAtEnd => _position >= _buffer.Length;

    /// <summary>Offset of <see cref="Position"/> in the outermost buffer, for error reports.</summary>
    public readonly int AbsolutePosition => _baseOffset + _position;

    public byte ReadByte()
    {
        Require(1);
        return _buffer[_position++];
    }

    public readonly byte PeekByte()
    {
        Require(1);
        return _buffer[_position];
    }

    public ushort ReadUInt16BigEndian() => BinaryPrimitives.ReadUInt16BigEndian(ReadBytes(2));

    public ushort ReadUInt16LittleEndian() => BinaryPrimitives.ReadUInt16LittleEndian(ReadBytes(2));

    public uint ReadUInt32BigEndian() => BinaryPrimitives.ReadUInt32BigEndian(ReadBytes(4));

    public uint ReadUInt32LittleEndian() => BinaryPrimitives.ReadUInt32LittleEndian(ReadBytes(4));

    public ReadOnlySpan<byte> ReadBytes(int count)
    {
        if (count < 0)
        {
            Fail(PacketError.LengthOutOfRange);
        }

        Require(count);
        var span = _buffer.Slice(_position, count);
        _position += count;
        return span;
    }

    public ReadOnlySpan<byte> ReadRemaining() => ReadBytes(Remaining);

    public void Skip(int count) => ReadBytes(count);

    /// <summary>Moves to an absolute position inside this reader's buffer.</summary>
    public void Seek(int position)
    {
        if ((uint)position > (uint)_buffer.Length)
        {
            Fail(PacketError.LengthOutOfRange);
        }

        _position = position;
    }

    /// <summary>
    /// Reads a NUL-terminated byte string of at most <paramref name="maxLength"/> bytes before the
    /// NUL; the NUL is consumed and not returned.
    /// </summary>
    public ReadOnlySpan<byte> ReadNulTerminated(int maxLength)
    {
        var window = _buffer[_position..];
        var end = window.IndexOf((byte)0);
        if (end < 0)
        {
            Fail(PacketError.MissingTerminator);
        }

        if (end > maxLength)
        {
            Fail(PacketError.LengthOutOfRange);
        }

        var value = window[..end];
        _position += end + 1;
        return value;
    }

    /// <summary>
    /// Like <see cref="ReadNulTerminated"/> but a missing terminator at the very end of the
    /// buffer is tolerated (some mailslot senders omit the final NUL, protocols.md §4.2).
    /// </summary>
    public ReadOnlySpan<byte> ReadNulTerminatedOrToEnd(int maxLength, out bool terminated)
    {
        var window = _buffer[_position..];
        var end = window.IndexOf((byte)0);
        terminated = end >= 0;
        if (!terminated)
        {
            end = window.Length;
        }

        if (end > maxLength)
        {
            Fail(PacketError.LengthOutOfRange);
        }

        var value = window[..end];
        _position += terminated ? end + 1 : end;
        return value;
    }

    /// <summary>Returns a reader over the next <paramref name="length"/> bytes and skips them here.</summary>
    public WireReader ReadSubReader(int length)
    {
        var start = AbsolutePosition;
        var bytes = ReadBytes(length);
        return new WireReader(bytes, start);
    }

    public readonly void Require(int count)
    {
        if (count > _buffer.Length - _position)
        {
            Fail(PacketError.Truncated);
        }
    }

    [DoesNotReturn]
    public readonly void Fail(PacketError reason) => throw new MalformedPacketException(reason, AbsolutePosition);
}
