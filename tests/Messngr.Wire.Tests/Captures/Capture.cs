namespace Messngr.Wire.Tests.Captures;

/// <summary>A capture from tests/Messngr.Wire.Tests/captures, by name, with helpers to pick its packets.</summary>
internal sealed class Capture
{
    private Capture(string name, IReadOnlyList<CapturedPacket> packets)
    {
        Name = name;
        Packets = packets;
    }

    public string Name { get; }

    public IReadOnlyList<CapturedPacket> Packets { get; }

    public static string Directory => Path.Combine(AppContext.BaseDirectory, "captures");

    public static IEnumerable<string> AllNames =>
        System.IO.Directory.EnumerateFiles(Directory, "*.pcap").Select(Path.GetFileNameWithoutExtension).Order().Cast<string>();

    public static Capture Load(string name) => new(name, PcapReader.Read(Path.Combine(Directory, name + ".pcap")));

    /// <summary>UDP payloads to or from <paramref name="port"/>.</summary>
    public IReadOnlyList<CapturedPacket> Udp(int port) =>
        Packets.Where(p => p.Protocol == "udp" && (p.SourcePort == port || p.DestinationPort == port) && p.Payload.Length > 0).ToList();

    /// <summary>
    /// The TCP byte stream of each direction of each connection to <paramref name="serverPort"/>,
    /// reassembled in sequence order (retransmissions dropped): client→server and server→client.
    /// </summary>
    public IReadOnlyList<(byte[] ToServer, byte[] ToClient)> TcpStreams(int serverPort)
    {
        var result = new List<(byte[], byte[])>();
        var connections = Packets.Where(p => p.Protocol == "tcp" && (p.DestinationPort == serverPort || p.SourcePort == serverPort))
            .GroupBy(p => p.DestinationPort == serverPort ? (p.Source, p.SourcePort) : (p.Destination, p.DestinationPort));
        foreach (var connection in connections)
        {
            result.Add((Reassemble(connection.Where(p => p.DestinationPort == serverPort)), Reassemble(connection.Where(p => p.SourcePort == serverPort))));
        }

        return result;
    }

    private static byte[] Reassemble(IEnumerable<CapturedPacket> segments)
    {
        var stream = new MemoryStream();
        uint? next = null;
        foreach (var segment in segments)
        {
            if ((segment.TcpFlags & 0x02) != 0)
            {
                next = segment.TcpSequence + 1;
                continue;
            }

            if (segment.Payload.Length == 0)
            {
                continue;
            }

            next ??= segment.TcpSequence;
            if (segment.TcpSequence == next)
            {
                stream.Write(segment.Payload);
                next += (uint)segment.Payload.Length;
            }
        }

        return stream.ToArray();
    }
}
