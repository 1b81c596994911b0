namespace Messngr.Wire.DceRpc;

/// <summary>
/// NDR 2.0 writer, the mirror of <see cref="NdrReader"/>: integers and UUIDs in the chosen drep,
/// zero padding relative to where the writer started (the stub start).
/// </summary>
public ref struct NdrWriter
{
    private WireWriter _writer;
    private readonly int _origin;

    public NdrWriter(WireWriter writer, NdrDataRepresentation representation)
    {
        _writer = writer;
        _origin = writer.Position;
        Representation = representation;
    }

    public NdrDataRepresentation Representation { get; }

    /// <summary>The underlying writer, advanced past everything written here (copy it back to the caller's).</summary>
    public readonly WireWriter Writer => _writer;

    /// <summary>Offset from the start of the stub.</summary>
    public readonly int Position => _writer.Position - _origin;

    /// <summary>Bytes of padding that bring <paramref name="position"/> to a multiple of <paramref name="alignment"/>.</summary>
    public static int Padding(int position, int alignment) => (alignment - (position % alignment)) % alignment;

    /// <summary>Stub offset after a conformant varying string of <paramref name="chars"/> characters (NUL excluded) written at <paramref name="position"/>.</summary>
    public static int AfterConformantVaryingString(int position, int chars, int unitSize = 1) =>
        position + Padding(position, 4) + 12 + ((chars + 1) * unitSize);

    public void WriteByte(byte value) => _writer.WriteByte(value);

    public void WriteUInt16(ushort value)
    {
        if (Representation.IsBigEndian)
        {
            _writer.WriteUInt16BigEndian(value);
        }
        else
        {
            _writer.WriteUInt16LittleEndian(value);
        }
    }

    public void WriteUInt32(uint value)
    {
        if (Representation.IsBigEndian)
        {
            _writer.WriteUInt32BigEndian(value);
        }
        else
        {
            _writer.WriteUInt32LittleEndian(value);
        }
    }

    public void WriteUuid(Guid value)
    {
        if (!value.TryWriteBytes(_writer.Reserve(16), Representation.IsBigEndian, out _))
        {
            throw new InvalidOperationException("a UUID takes 16 bytes");
        }
    }

    public void WriteBytes(ReadOnlySpan<byte> bytes) => _writer.WriteBytes(bytes);

    public void Align(int alignment) => _writer.WriteZeros(Padding(Position, alignment));

    /// <summary>Writes <c>[string] char*</c>: counts (max = actual = length + 1, offset 0), the bytes, the NUL.</summary>
    public void WriteConformantVaryingString(ReadOnlySpan<byte> chars)
    {
        WriteStringCounts(chars.Length);
        _writer.WriteNulTerminated(chars);
    }

    /// <summary>Writes <c>[string] wchar_t*</c>: counts in 16-bit units, the units in drep order, the NUL.</summary>
    public void WriteConformantVaryingWideString(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        WriteStringCounts(text.Length);
        foreach (var c in text)
        {
            WriteUInt16(c);
        }

        WriteUInt16(0);
    }

    /// <summary>Writes a referent id of a <c>[unique]</c> pointer (0 for NULL).</summary>
    public void WritePointerReferent(uint referent)
    {
        Align(4);
        WriteUInt32(referent);
    }

    private void WriteStringCounts(int length)
    {
        Align(4);
        var count = checked((uint)length + 1);
        WriteUInt32(count);
        WriteUInt32(0);
        WriteUInt32(count);
    }
}
