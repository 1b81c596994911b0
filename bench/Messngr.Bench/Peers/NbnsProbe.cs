using System.Net;
using System.Net.Sockets;
using Messngr.Bench.Harness;
using Messngr.Wire.NetBios;
using Messngr.Wire.NetBios.NameService;

namespace Messngr.Bench.Peers;

/// <summary>One unicast NBNS name query from the client namespace: is the peer answering for its name yet?</summary>
internal static class NbnsProbe
{
    public static bool Answers(BenchLab lab, BenchHost server, string name)
    {
        using var socket = lab.CreateUdpSocket(lab.Client);
        socket.ReceiveTimeout = 300;
        var query = NbnsPackets.NameQuery(0x4242, NetBiosName.Create(name, NetBiosName.SuffixWorkstation), broadcast: false).ToArray();
        socket.SendTo(query, new IPEndPoint(IPAddress.Parse(server.Address), 137));
        var buffer = new byte[1024];
        try
        {
            var n = socket.Receive(buffer);
            return NbnsPacket.TryParse(buffer.AsSpan(0, n), out var reply, out _) && reply!.TransactionId == 0x4242 && reply.Flags.Rcode == NbnsRcode.OK && reply.Answers.Count == 1;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
