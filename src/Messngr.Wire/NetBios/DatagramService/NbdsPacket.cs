using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Net.Sockets;

namespace Messngr.Wire.NetBios.DatagramService;

/// <summary>
/// A NetBIOS datagram service packet on UDP 138: RFC 1002 4.4.1 (protocols.md §3.1). This base
/// holds the 10 bytes every type starts with — <c>MSG_TYPE FLAGS DGM_ID(BE) SOURCE_IP
/// SOURCE_PORT(BE)</c> — and is the codec root: <see cref="TryParse"/> returns an
/// <see cref="NbdsDatagram"/> (0x10–0x12), <see cref="NbdsErrorPacket"/> (0x13) or
/// <see cref="NbdsQueryPacket"/> (0x14–0x16).
/// </summary>
public abstract record NbdsPacket : IWirePacket<NbdsPacket>
{
    /// <summary>Bytes common to every type: MSG_TYPE through SOURCE_PORT.</summary>
    public const int HeaderLength = 10;

    /// <summary>The datagram service port (RFC 1002 4.4.1 SOURCE_PORT is normally 138).</summary>
    public const ushort DefaultPort = 138;

    private readonly IPAddress _sourceIp = IPAddress.Any;

    private protected NbdsPacket()
    {
    }

    public abstract NbdsMessageType MessageType { get; init; }

    public NbdsFlags Flags { get; init; } = NbdsFlags.Default;

    /// <summary>DGM_ID: chosen by the sender; fragments of one datagram share it.</summary>
    public ushort DatagramId { get; init; }

    /// <summary>SOURCE_IP: an IPv4 address (the NBDD may relay, so it need not be the UDP source).</summary>
    public IPAddress SourceIp
    {
        get => _sourceIp;
        init
        {
            ArgumentNullException.ThrowIfNull(value);
            if (value.AddressFamily != AddressFamily.InterNetwork)
            {
                throw new ArgumentException($"SOURCE_IP must be an IPv4 address, got {value}", nameof(value));
            }

            _sourceIp = value;
        }
    }

    public ushort SourcePort { get; init; } = DefaultPort;

    public abstract int EncodedLength { get; }

    /// <summary>Parses one whole UDP 138 payload. Never throws on bad input.</summary>
    public static bool TryParse(ReadOnlySpan<byte> bytes, [NotNullWhen(true)] out NbdsPacket? packet, out PacketError error) =>
        WirePacket.TryParse(bytes, out packet, out error);

    public static NbdsPacket Read(ref WireReader reader)
    {
        var typeAt = reader.AbsolutePosition;
        var type = (NbdsMessageType)reader.ReadByte();
        var flags = new NbdsFlags(reader.ReadByte());
        var id = reader.ReadUInt16BigEndian();
        var ip = new IPAddress(reader.ReadBytes(4));
        var port = reader.ReadUInt16BigEndian();
        NbdsPacket body = type switch
        {
            NbdsMessageType.DIRECT_UNIQUE_DATAGRAM or NbdsMessageType.DIRECT_GROUP_DATAGRAM or NbdsMessageType.BROADCAST_DATAGRAM
                => NbdsDatagram.ReadBody(ref reader, type),
            NbdsMessageType.DATAGRAM_ERROR => NbdsErrorPacket.ReadBody(ref reader),
            NbdsMessageType.DATAGRAM_QUERY_REQUEST or NbdsMessageType.DATAGRAM_POSITIVE_QUERY_RESPONSE or NbdsMessageType.DATAGRAM_NEGATIVE_QUERY_RESPONSE
                => NbdsQueryPacket.ReadBody(ref reader, type),
            _ => throw new MalformedPacketException(PacketError.UnknownType, typeAt),
        };
        return body with { Flags = flags, DatagramId = id, SourceIp = ip, SourcePort = port };
    }

    public abstract void Write(ref WireWriter writer);

    /// <summary>Encodes into a new array of exactly <see cref="EncodedLength"/> bytes (the UDP payload).</summary>
    public byte[] ToArray() => WirePacket.ToArray<NbdsPacket>(this);

    private protected void WriteHeader(ref WireWriter writer)
    {
        writer.WriteByte((byte)MessageType);
        writer.WriteByte(Flags.Value);
        writer.WriteUInt16BigEndian(DatagramId);
        _sourceIp.TryWriteBytes(writer.Reserve(4), out _);
        writer.WriteUInt16BigEndian(SourcePort);
    }

    private protected static ArgumentException WrongType(NbdsMessageType value, string what) =>
        new($"MSG_TYPE 0x{(byte)value:x2} ({value}) is not {what}", nameof(value));
}
