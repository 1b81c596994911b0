using System.Net.NetworkInformation;

namespace Messngr.Wire.NetBios.NameService;

/// <summary>
/// RFC 1002 4.2.18 STATISTICS of a node status response (46 bytes, big-endian), protocols.md §2.4.
/// Samba sends all zeros; tshark 4.0.17 decodes only 42 of the 46 bytes (it lacks the two
/// command-block words), so its labels for the last words are shifted (protocols.md §9.3).
/// </summary>
public sealed record NodeStatistics : IWirePacket<NodeStatistics>
{
    public const int Length = 46;

    private readonly PhysicalAddress _unitId = new(new byte[6]);

    /// <summary>All zeros, as nmbd sends them.</summary>
    public static NodeStatistics Zero { get; } = new();

    /// <summary>UNIT_ID (6 bytes): the MAC address; zeros by default.</summary>
    public PhysicalAddress UnitId
    {
        get => _unitId;
        init
        {
            ArgumentNullException.ThrowIfNull(value);
            if (value.GetAddressBytes().Length != 6)
            {
                throw new ArgumentException($"UNIT_ID is 6 bytes, got '{value}'", nameof(value));
            }

            _unitId = value;
        }
    }

    public byte Jumpers { get; init; }

    public byte TestResult { get; init; }

    public ushort VersionNumber { get; init; }

    public ushort PeriodOfStatistics { get; init; }

    public ushort NumberOfCrcs { get; init; }

    public ushort NumberAlignmentErrors { get; init; }

    public ushort NumberOfCollisions { get; init; }

    public ushort NumberSendAborts { get; init; }

    public uint NumberGoodSends { get; init; }

    public uint NumberGoodReceives { get; init; }

    public ushort NumberRetransmits { get; init; }

    public ushort NumberNoResourceConditions { get; init; }

    public ushort NumberFreeCommandBlocks { get; init; }

    public ushort TotalNumberCommandBlocks { get; init; }

    public ushort MaxTotalNumberCommandBlocks { get; init; }

    public ushort NumberPendingSessions { get; init; }

    public ushort MaxNumberPendingSessions { get; init; }

    public ushort MaxTotalSessionsPossible { get; init; }

    public ushort SessionDataPacketSize { get; init; }

    public int EncodedLength => Length;

    public static NodeStatistics Read(ref WireReader reader) => new()
    {
        UnitId = new PhysicalAddress(reader.ReadBytes(6).ToArray()),
        Jumpers = reader.ReadByte(),
        TestResult = reader.ReadByte(),
        VersionNumber = reader.ReadUInt16BigEndian(),
        PeriodOfStatistics = reader.ReadUInt16BigEndian(),
        NumberOfCrcs = reader.ReadUInt16BigEndian(),
        NumberAlignmentErrors = reader.ReadUInt16BigEndian(),
        NumberOfCollisions = reader.ReadUInt16BigEndian(),
        NumberSendAborts = reader.ReadUInt16BigEndian(),
        NumberGoodSends = reader.ReadUInt32BigEndian(),
        NumberGoodReceives = reader.ReadUInt32BigEndian(),
        NumberRetransmits = reader.ReadUInt16BigEndian(),
        NumberNoResourceConditions = reader.ReadUInt16BigEndian(),
        NumberFreeCommandBlocks = reader.ReadUInt16BigEndian(),
        TotalNumberCommandBlocks = reader.ReadUInt16BigEndian(),
        MaxTotalNumberCommandBlocks = reader.ReadUInt16BigEndian(),
        NumberPendingSessions = reader.ReadUInt16BigEndian(),
        MaxNumberPendingSessions = reader.ReadUInt16BigEndian(),
        MaxTotalSessionsPossible = reader.ReadUInt16BigEndian(),
        SessionDataPacketSize = reader.ReadUInt16BigEndian(),
    };

    public void Write(ref WireWriter writer)
    {
        writer.WriteBytes(UnitId.GetAddressBytes());
        writer.WriteByte(Jumpers);
        writer.WriteByte(TestResult);
        writer.WriteUInt16BigEndian(VersionNumber);
        writer.WriteUInt16BigEndian(PeriodOfStatistics);
        writer.WriteUInt16BigEndian(NumberOfCrcs);
        writer.WriteUInt16BigEndian(NumberAlignmentErrors);
        writer.WriteUInt16BigEndian(NumberOfCollisions);
        writer.WriteUInt16BigEndian(NumberSendAborts);
        writer.WriteUInt32BigEndian(NumberGoodSends);
        writer.WriteUInt32BigEndian(NumberGoodReceives);
        writer.WriteUInt16BigEndian(NumberRetransmits);
        writer.WriteUInt16BigEndian(NumberNoResourceConditions);
        writer.WriteUInt16BigEndian(NumberFreeCommandBlocks);
        writer.WriteUInt16BigEndian(TotalNumberCommandBlocks);
        writer.WriteUInt16BigEndian(MaxTotalNumberCommandBlocks);
        writer.WriteUInt16BigEndian(NumberPendingSessions);
        writer.WriteUInt16BigEndian(MaxNumberPendingSessions);
        writer.WriteUInt16BigEndian(MaxTotalSessionsPossible);
        writer.WriteUInt16BigEndian(SessionDataPacketSize);
    }
}
