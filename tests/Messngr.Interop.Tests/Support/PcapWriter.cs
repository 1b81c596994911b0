using System.Buffers;
using System.Buffers.Binary;
using System.Net;

namespace Messngr.Interop.Tests.Support;

/// <summary>
/// Writes classic libpcap files (Ethernet, IPv4, UDP or TCP) around payloads our codecs wrote,
/// so that tshark can judge them. TCP conversations get a real handshake and consistent
/// sequence numbers so that tshark raises no "previous segment not captured" warnings.
/// </summary>
internal sealed class PcapWriter
{
    private readonly System.Buffers.ArrayBufferWriter<byte> _file = new();
    private uint _seconds = 1_700_000_000;
    private ushort _ipId = 1;

    public PcapWriter()
    {
        Span<byte> header = stackalloc byte[24];
        BinaryPrimitives.WriteUInt32LittleEndian(header, 0xA1B2C3D4);
        BinaryPrimitives.WriteUInt16LittleEndian(header[4..], 2);
        BinaryPrimitives.WriteUInt16LittleEndian(header[6..], 4);
        BinaryPrimitives.WriteUInt32LittleEndian(header[16..], 65535);
        BinaryPrimitives.WriteUInt32LittleEndian(header[20..], 1);
        _file.Write(header);
    }

    /// <summary>Number of frames written so far (tshark numbers them from 1).</summary>
    public int Frames { get; private set; }

    public void Udp(string source, int sourcePort, string destination, int destinationPort, ReadOnlySpan<byte> payload)
    {
        var udp = new byte[8 + payload.Length];
        BinaryPrimitives.WriteUInt16BigEndian(udp, (ushort)sourcePort);
        BinaryPrimitives.WriteUInt16BigEndian(udp.AsSpan(2), (ushort)destinationPort);
        BinaryPrimitives.WriteUInt16BigEndian(udp.AsSpan(4), (ushort)udp.Length);
        payload.CopyTo(udp.AsSpan(8));
        Ip(source, destination, 17, udp);
    }

    /// <summary>Starts a TCP conversation (SYN, SYN-ACK, ACK) and returns it for data in both directions.</summary>
    public TcpConversation Tcp(string client, int clientPort, string server, int serverPort)
    {
        var conversation = new TcpConversation(this, client, clientPort, server, serverPort);
        conversation.Handshake();
        return conversation;
    }

    public void Save(string path) => File.WriteAllBytes(path, _file.WrittenSpan.ToArray());

    internal void Ip(string source, string destination, byte protocol, ReadOnlySpan<byte> l4)
    {
        var frame = new byte[14 + 20 + l4.Length];
        // Ethernet: locally administered MACs, type IPv4.
        frame[0] = 0x02; frame[5] = 0x02;
        frame[6] = 0x02; frame[11] = 0x01;
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(12), 0x0800);
        var ip = frame.AsSpan(14, 20);
        ip[0] = 0x45;
        BinaryPrimitives.WriteUInt16BigEndian(ip[2..], (ushort)(20 + l4.Length));
        BinaryPrimitives.WriteUInt16BigEndian(ip[4..], _ipId++);
        ip[8] = 64;
        ip[9] = protocol;
        IPAddress.Parse(source).GetAddressBytes().CopyTo(ip[12..]);
        IPAddress.Parse(destination).GetAddressBytes().CopyTo(ip[16..]);
        BinaryPrimitives.WriteUInt16BigEndian(ip[10..], Checksum(ip, 0));
        l4.CopyTo(frame.AsSpan(34));
        if (protocol == 17)
        {
            BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(34 + 6), TransportChecksum(ip, frame.AsSpan(34), protocol));
        }
        else if (protocol == 6)
        {
            BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(34 + 16), TransportChecksum(ip, frame.AsSpan(34), protocol));
        }

        Span<byte> record = stackalloc byte[16];
        BinaryPrimitives.WriteUInt32LittleEndian(record, _seconds++);
        BinaryPrimitives.WriteUInt32LittleEndian(record[8..], (uint)frame.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(record[12..], (uint)frame.Length);
        _file.Write(record);
        _file.Write(frame);
        Frames++;
    }

    private static ushort TransportChecksum(ReadOnlySpan<byte> ip, ReadOnlySpan<byte> l4, byte protocol)
    {
        var pseudo = new byte[12 + l4.Length];
        ip.Slice(12, 8).CopyTo(pseudo);
        pseudo[9] = protocol;
        BinaryPrimitives.WriteUInt16BigEndian(pseudo.AsSpan(10), (ushort)l4.Length);
        l4.CopyTo(pseudo.AsSpan(12));
        var sum = Checksum(pseudo, 0);
        return sum == 0 && protocol == 17 ? (ushort)0xFFFF : sum;
    }

    private static ushort Checksum(ReadOnlySpan<byte> data, uint sum)
    {
        for (var i = 0; i + 1 < data.Length; i += 2)
        {
            sum += BinaryPrimitives.ReadUInt16BigEndian(data[i..]);
        }

        if ((data.Length & 1) == 1)
        {
            sum += (uint)(data[^1] << 8);
        }

        while (sum >> 16 != 0)
        {
            sum = (sum & 0xFFFF) + (sum >> 16);
        }

        return (ushort)~sum;
    }
}
