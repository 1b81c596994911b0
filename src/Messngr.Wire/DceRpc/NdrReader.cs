using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace Messngr.Wire.DceRpc;

/// <summary>
/// NDR 2.0 reader (C706 §14, [MS-RPCE] §2.2.5) over a <see cref="WireReader"/>: integers and the
/// first three UUID fields follow the PDU's drep; alignment is relative to where the reader
/// started (the stub start, protocols.md §7.5). Every count is checked before use.
/// </summary>
public ref struct NdrReader
{
    private WireReader _reader;
    private readonly int _origin;

    public NdrReader(WireReader reader, NdrDataRepresentation representation)
    {
        _reader = reader;
        _origin = reader.Position;
        Representation = representation;
    }

    public NdrDataRepresentation Representation { get; }

    /// <summary>The underlying reader, advanced past everything read here (copy it back to the caller's).</summary>
    public readonly WireReader Reader => _reader;

    /// <summary>Offset from the start of the stub.</summary>
    public readonly int Position => _reader.Position - _origin;

    public readonly int Remaining => _reader.Remaining;

    public byte ReadByte() => _reader.ReadByte();

    public ushort ReadUInt16() => Representation.IsBigEndian ? _reader.ReadUInt16BigEndian() : _reader.ReadUInt16LittleEndian();

    public uint ReadUInt32() => Representation.IsBigEndian ? _reader.ReadUInt32BigEndian() : _reader.ReadUInt32LittleEndian();

    /// <summary>A UUID: time_low, time_mid, time_hi_and_version in drep order, then 8 raw bytes (protocols.md §7.4).</summary>
    public Guid ReadUuid() => new(_reader.ReadBytes(16), Representation.IsBigEndian);

    public ReadOnlySpan<byte> ReadBytes(int count) => _reader.ReadBytes(count);

    /// <summary>
    /// Skips the padding up to the next multiple of <paramref name="alignment"/> from the stub start.
    /// Pad bytes "should be zero" but receivers (and Windows' NDR engine) ignore them, so we do too.
    /// </summary>
    public void Align(int alignment)
    {
        var pad = NdrWriter.Padding(Position, alignment);
        _reader.Skip(pad);
    }

    /// <summary>
    /// A conformant varying <c>[string] char*</c> (C706 §14.3.4.2, protocols.md §7.5):
    /// max_count, offset, actual_count (u32 each, aligned to 4), then actual_count bytes whose
    /// last is the NUL. Returns the characters without the NUL. <paramref name="maxChars"/> counts the NUL.
    /// </summary>
    public ReadOnlySpan<byte> ReadConformantVaryingString(int maxChars)
    {
        var actual = ReadStringCounts(maxChars, 1);
        var chars = _reader.ReadBytes(actual);
        if (chars[^1] != 0)
        {
            Fail(PacketError.MissingTerminator);
        }

        if (chars[..^1].Contains((byte)0))
        {
            // [string] ends at the first NUL; an earlier one means actual_count lies (C706 §14.3.4.1).
            Fail(PacketError.BadValue);
        }

        return chars[..^1];
    }

    /// <summary>
    /// A conformant varying <c>[string] wchar_t*</c>: as <see cref="ReadConformantVaryingString"/>
    /// with 16-bit units in drep order (msgsvc names, protocols.md §7.3). Returns the text without the NUL.
    /// </summary>
    public string ReadConformantVaryingWideString(int maxChars)
    {
        var actual = ReadStringCounts(maxChars, 2);
        var units = _reader.ReadBytes(actual * 2);
        if (ReadUnit(units, actual - 1) != 0)
        {
            Fail(PacketError.MissingTerminator);
        }

        var sb = new StringBuilder(actual - 1);
        for (var i = 0; i < actual - 1; i++)
        {
            var unit = ReadUnit(units, i);
            if (unit == 0)
            {
                Fail(PacketError.BadValue);
            }

            sb.Append((char)unit);
        }

        return sb.ToString();
    }

    /// <summary>Consumes what is left if it is at most <paramref name="maxBytes"/> zero bytes (end-of-stub padding).</summary>
    public void SkipTrailingZeros(int maxBytes)
    {
        var rest = _reader.Buffer[_reader.Position..];
        if (rest.Length <= maxBytes && !rest.ContainsAnyExcept((byte)0))
        {
            _reader.Skip(rest.Length);
        }
    }

    /// <summary>A referent id of a <c>[unique]</c> or <c>[ptr]</c> pointer: 0 means NULL (C706 §14.3.10).</summary>
    public uint ReadPointerReferent()
    {
        Align(4);
        return ReadUInt32();
    }

    [DoesNotReturn]
    public readonly void Fail(PacketError reason) => _reader.Fail(reason);

    private readonly ushort ReadUnit(ReadOnlySpan<byte> units, int index) => Representation.IsBigEndian
        ? BinaryPrimitives.ReadUInt16BigEndian(units[(index * 2)..])
        : BinaryPrimitives.ReadUInt16LittleEndian(units[(index * 2)..]);

    private int ReadStringCounts(int maxChars, int unitSize)
    {
        Align(4);
        var maxCount = ReadUInt32();
        var offset = ReadUInt32();
        var actualCount = ReadUInt32();
        if (maxCount > (uint)maxChars)
        {
            Fail(PacketError.CountOutOfRange);
        }

        if (offset != 0)
        {
            // Strings are always marshalled whole; a non-zero offset is never produced by a stub.
            Fail(PacketError.BadValue);
        }

        if (actualCount > maxCount)
        {
            Fail(PacketError.CountOutOfRange);
        }

        if (actualCount == 0)
        {
            Fail(PacketError.MissingTerminator);
        }

        if (actualCount > (uint)(_reader.Remaining / unitSize))
        {
            Fail(PacketError.LengthOutOfRange);
        }

        return (int)actualCount;
    }
}
