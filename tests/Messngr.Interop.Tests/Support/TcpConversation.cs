using System.Buffers.Binary;

namespace Messngr.Interop.Tests.Support;

/// <summary>One TCP connection inside a <see cref="PcapWriter"/>, with consistent seq/ack numbers.</summary>
internal sealed class TcpConversation
{
    private const byte Fin = 0x01, Syn = 0x02, Psh = 0x08, Ack = 0x10;
    private readonly PcapWriter _pcap;
    private readonly string _client, _server;
    private readonly int _clientPort, _serverPort;
    private uint _clientSeq = 1000, _serverSeq = 5000;

    internal TcpConversation(PcapWriter pcap, string client, int clientPort, string server, int serverPort)
    {
        _pcap = pcap;
        _client = client;
        _clientPort = clientPort;
        _server = server;
        _serverPort = serverPort;
    }

    internal void Handshake()
    {
        Segment(toServer: true, Syn, []);
        _clientSeq++;
        Segment(toServer: false, Syn | Ack, []);
        _serverSeq++;
        Segment(toServer: true, Ack, []);
    }

    public void ToServer(ReadOnlySpan<byte> data) => Data(true, data);

    public void ToClient(ReadOnlySpan<byte> data) => Data(false, data);

    public void Close()
    {
        Segment(true, Fin | Ack, []);
        _clientSeq++;
        Segment(false, Fin | Ack, []);
        _serverSeq++;
        Segment(true, Ack, []);
    }

    private void Data(bool toServer, ReadOnlySpan<byte> data)
    {
        Segment(toServer, Psh | Ack, data);
        if (toServer)
        {
            _clientSeq += (uint)data.Length;
        }
        else
        {
            _serverSeq += (uint)data.Length;
        }

        Segment(!toServer, Ack, []);
    }

    private void Segment(bool toServer, int flags, ReadOnlySpan<byte> data)
    {
        var tcp = new byte[20 + data.Length];
        BinaryPrimitives.WriteUInt16BigEndian(tcp, (ushort)(toServer ? _clientPort : _serverPort));
        BinaryPrimitives.WriteUInt16BigEndian(tcp.AsSpan(2), (ushort)(toServer ? _serverPort : _clientPort));
        BinaryPrimitives.WriteUInt32BigEndian(tcp.AsSpan(4), toServer ? _clientSeq : _serverSeq);
        BinaryPrimitives.WriteUInt32BigEndian(tcp.AsSpan(8), (flags & Ack) != 0 ? (toServer ? _serverSeq : _clientSeq) : 0);
        tcp[12] = 0x50;
        tcp[13] = (byte)flags;
        BinaryPrimitives.WriteUInt16BigEndian(tcp.AsSpan(14), 65535);
        data.CopyTo(tcp.AsSpan(20));
        _pcap.Ip(toServer ? _client : _server, toServer ? _server : _client, 6, tcp);
    }
}
