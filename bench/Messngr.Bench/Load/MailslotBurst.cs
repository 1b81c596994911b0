using System.Diagnostics;
using System.Net;
using Messngr.Bench.Harness;
using Messngr.Wire;
using Messngr.Wire.NetBios;
using Messngr.Wire.NetBios.DatagramService;
using Messngr.Wire.Smb1.Mailslot;

namespace Messngr.Bench.Load;

/// <summary>
/// Directed <c>\MAILSLOT\MESSNGR</c> datagrams (DIRECT_UNIQUE to <c>NAME&lt;03&gt;</c> on UDP 138,
/// protocols.md §4) from one bench host at a paced rate: the cheapest way to hand a daemon many
/// messages to store. Unconfirmed by design; the caller checks the daemon's counters.
/// </summary>
internal static class MailslotBurst
{
    /// <summary>Sends messages numbered <paramref name="first"/>.. (count <paramref name="count"/>) at about <paramref name="perSecond"/>.</summary>
    public static void Send(BenchLab lab, BenchHost from, IPAddress to, string recipient, int first, int count, double perSecond)
    {
        using var socket = lab.CreateUdpSocket(from);
        var target = new IPEndPoint(to, 138);
        var sourcePort = (ushort)((IPEndPoint)socket.LocalEndPoint!).Port;
        var source = NetBiosName.Create("MBBURST", NetBiosName.SuffixWorkstation);
        var destination = NetBiosName.Create(recipient, NetBiosName.SuffixMessenger);
        var sourceIp = IPAddress.Parse(from.Address);
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            var n = first + i;
            var message = new MessengerMailslotMessage
            {
                From = "MBBURST"u8.ToArray(),
                To = System.Text.Encoding.ASCII.GetBytes(recipient),
                Text = System.Text.Encoding.ASCII.GetBytes($"idle-cost message {n}"),
            };
            var datagram = MessengerDatagram.CreateDirected(source, sourceIp, destination, message, (ushort)(n & 0xFFFF));
            socket.SendTo(WirePacket.ToArray<NbdsPacket>(datagram.Datagram with { SourcePort = sourcePort }), target);
            var due = (i + 1) / perSecond;
            var ahead = due - clock.Elapsed.TotalSeconds;
            if (ahead > 0.002)
            {
                Thread.Sleep(TimeSpan.FromSeconds(ahead));
            }
        }
    }
}
