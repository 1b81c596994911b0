using System.Buffers.Binary;

namespace Messngr.Wire.Tests.Captures;

/// <summary>One captured IPv4 packet's transport payload and addressing.</summary>
internal sealed record CapturedPacket(
    int Frame,
    string Protocol,
    string Source,
    int SourcePort,
    string Destination,
    int DestinationPort,
    uint TcpSequence,
    byte TcpFlags,
    byte[] Payload);

/// <summary>
/// Minimal classic libpcap reader (Ethernet link type 1, IPv4, UDP/TCP): enough to replay the
/// captures in ../shared/captures as golden input. No dependency needed.
/// </summary>
internal static class PcapReader
{
    private const uint MagicMicroseconds = 0xA1B2C3D4;
    private const uint MagicNanoseconds = 0xA1B23C4D;

    public static IReadOnlyList<CapturedPacket> Read(string path) => Read(File.ReadAllBytes(path));

    public static IReadOnlyList<CapturedPacket> Read(byte[] file)
    {
        var magic = BinaryPrimitives.ReadUInt32LittleEndian(file);
        var bigEndian = magic != MagicMicroseconds && magic != MagicNanoseconds;
        uint U32(int offset) => bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(file.AsSpan(offset)) : BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(offset));
        var linkType = U32(20);
        if (linkType != 1)
        {
            throw new InvalidDataException($"link type {linkType} is not Ethernet");
        }

        var packets = new List<CapturedPacket>();
        var offset = 24;
        var frame = 0;
        while (offset + 16 <= file.Length)
        {
            var included = (int)U32(offset + 8);
            offset += 16;
            frame++;
            var data = file.AsSpan(offset, included);
            offset += included;
            var packet = ParseEthernet(frame, data);
            if (packet is not null)
            {
                packets.Add(packet);
            }
        }

        return packets;
    }

    private static CapturedPacket? ParseEthernet(int frame, ReadOnlySpan<byte> data)
    {
        var etherType = BinaryPrimitives.ReadUInt16BigEndian(data[12..]);
        if (etherType != 0x0800)
        {
            return null;
        }

        var ip = data[14..];
        var headerLength = (ip[0] & 0x0F) * 4;
        var totalLength = BinaryPrimitives.ReadUInt16BigEndian(ip[2..]);
        var protocol = ip[9];
        var source = $"{ip[12]}.{ip[13]}.{ip[14]}.{ip[15]}";
        var destination = $"{ip[16]}.{ip[17]}.{ip[18]}.{ip[19]}";
        var l4 = ip[headerLength..totalLength];
        var sourcePort = BinaryPrimitives.ReadUInt16BigEndian(l4);
        var destinationPort = BinaryPrimitives.ReadUInt16BigEndian(l4[2..]);
        return protocol switch
        {
            17 => new CapturedPacket(frame, "udp", source, sourcePort, destination, destinationPort, 0, 0, l4[8..].ToArray()),
            6 => new CapturedPacket(frame, "tcp", source, sourcePort, destination, destinationPort,
                BinaryPrimitives.ReadUInt32BigEndian(l4[4..]), l4[13], l4[((l4[12] >> 4) * 4)..].ToArray()),
            _ => null,
        };
    }
}
