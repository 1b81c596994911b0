namespace Messngr.Wire.DceRpc;

/// <summary>
/// Body of a fack PDU (also allowed in nocall): C706 §12.5.3.4, DCE <c>rpc_dg_fackpkt_body_t</c>,
/// Wireshark <c>dcerpc.fack_*</c>. vers (u8, DCE sends 1), pad (u8), window_size (u16, KiB),
/// max_tsdu (u32), max_frag_size (u32), serial_num (u16, of the packet that induced the fack),
/// selack_len (u16), selack[selack_len] (u32 bit masks: bit B set = fragment N+B received).
/// Pre-DCE 1.0.2 facks have an empty body, which <see cref="ClPdu"/> also accepts.
/// </summary>
public sealed record ClFackBody : INdrPacket<ClFackBody>
{
    /// <summary>Our cap on selack_len: 64 masks cover 2,048 fragments, far beyond any reassembly budget.</summary>
    public const int MaxSelectiveAcks = 64;

    /// <summary>The version DCE 1.1 sends (<c>RPC_C_DG_FACKPKT_BODY_VERS</c>).</summary>
    public const byte CurrentVersion = 1;

    private readonly uint[] _selectiveAcks = [];

    public byte Version { get; init; } = CurrentVersion;

    public ushort WindowSize { get; init; }

    public uint MaxTsdu { get; init; }

    public uint MaxFragmentSize { get; init; }

    public ushort SerialNumber { get; init; }

    public IReadOnlyList<uint> SelectiveAcks
    {
        get => _selectiveAcks;
        init
        {
            ArgumentNullException.ThrowIfNull(value);
            if (value.Count > MaxSelectiveAcks)
            {
                throw new ArgumentException($"SelectiveAcks holds {value.Count} masks; at most {MaxSelectiveAcks} are allowed", nameof(value));
            }

            _selectiveAcks = [.. value];
        }
    }

    public int EncodedLength => 16 + (4 * _selectiveAcks.Length);

    public static ClFackBody Read(ref NdrReader reader)
    {
        var version = reader.ReadByte();
        _ = reader.ReadByte(); // pad1
        var windowSize = reader.ReadUInt16();
        var maxTsdu = reader.ReadUInt32();
        var maxFragmentSize = reader.ReadUInt32();
        var serialNumber = reader.ReadUInt16();
        var count = reader.ReadUInt16();
        if (count > MaxSelectiveAcks)
        {
            reader.Fail(PacketError.CountOutOfRange);
        }

        if (count > reader.Remaining / 4)
        {
            reader.Fail(PacketError.LengthOutOfRange);
        }

        var masks = new uint[count];
        for (var i = 0; i < masks.Length; i++)
        {
            masks[i] = reader.ReadUInt32();
        }

        return new ClFackBody
        {
            Version = version,
            WindowSize = windowSize,
            MaxTsdu = maxTsdu,
            MaxFragmentSize = maxFragmentSize,
            SerialNumber = serialNumber,
            SelectiveAcks = masks,
        };
    }

    public void Write(ref NdrWriter writer)
    {
        writer.WriteByte(Version);
        writer.WriteByte(0);
        writer.WriteUInt16(WindowSize);
        writer.WriteUInt32(MaxTsdu);
        writer.WriteUInt32(MaxFragmentSize);
        writer.WriteUInt16(SerialNumber);
        writer.WriteUInt16((ushort)_selectiveAcks.Length);
        foreach (var mask in _selectiveAcks)
        {
            writer.WriteUInt32(mask);
        }
    }

    public bool Equals(ClFackBody? other) =>
        other is not null && Version == other.Version && WindowSize == other.WindowSize && MaxTsdu == other.MaxTsdu &&
        MaxFragmentSize == other.MaxFragmentSize && SerialNumber == other.SerialNumber &&
        _selectiveAcks.AsSpan().SequenceEqual(other._selectiveAcks);

    public override int GetHashCode() => HashCode.Combine(Version, WindowSize, MaxTsdu, MaxFragmentSize, SerialNumber, _selectiveAcks.Length);
}
