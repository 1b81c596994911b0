using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Messngr.Bench.Harness;
using Messngr.Wire;
using Messngr.Wire.NetBios;
using Messngr.Wire.NetBios.DatagramService;
using Messngr.Wire.Smb1.Mailslot;

namespace Messngr.Bench.Load;

/// <summary>
/// Directed <c>\MAILSLOT\MESSNGR</c> datagrams (DIRECT_UNIQUE to NAME&lt;03&gt;, protocols.md §4.3)
/// built once with the Wire codecs. The path has no reply, so the load is paced by the peer's store:
/// it sends in bursts while fewer than <c>window</c> datagrams are sent but not yet stored (polled
/// every millisecond), which keeps the receiver busy without drowning its socket buffer. At the
/// end it waits until the store stops growing (bounded). Throughput = stored / time from the first
/// send to the last store growth seen; failed = sent but never stored. No latencies.
/// </summary>
public static class MailslotLoad
{
    public static LoadResult Run(BenchLab lab, IPEndPoint target, string calledName, Func<long> storedCount, int window, int count, TimeSpan maxTime)
    {
        using var socket = lab.CreateUdpSocket(lab.Client);
        var message = MessengerMailslotMessage.Create("bench", calledName, "mbench mailslot message 0123456789");
        var datagram = MessengerDatagram.CreateDirected(NetBiosName.Create("MBCLIENT", 0), IPAddress.Parse(lab.Client.Address),
            NetBiosName.Create(calledName, NetBiosName.SuffixMessenger), message, 1);
        var bytes = WirePacket.ToArray<NbdsPacket>(datagram.Datagram with { SourcePort = (ushort)((IPEndPoint)socket.LocalEndPoint!).Port });

        var initial = storedCount();
        var stored = initial;
        long writtenOff = 0; // sent, never stored: dropped on the way or by the peer
        var began = Stopwatch.GetTimestamp();
        var lastGrowth = began;
        var deadline = began + (long)(maxTime.TotalSeconds * Stopwatch.Frequency);
        long sent = 0;
        var burst = Math.Max(1, window / 4);
        long InFlight() => sent - (stored - initial) - writtenOff;
        while (sent < count && Stopwatch.GetTimestamp() < deadline)
        {
            if (InFlight() < window)
            {
                for (var i = 0; i < burst && sent < count; i++, sent++)
                {
                    socket.SendTo(bytes, SocketFlags.None, target);
                }
            }
            else
            {
                Thread.Sleep(1);
            }

            var now = storedCount();
            if (now != stored)
            {
                stored = now;
                lastGrowth = Stopwatch.GetTimestamp();
            }
            else if (Stopwatch.GetElapsedTime(lastGrowth) > TimeSpan.FromMilliseconds(200) && InFlight() >= window)
            {
                // Nothing stored for a while with a full window: those were dropped; write them off and go on.
                writtenOff += InFlight();
            }
        }

        // Drain: wait until everything sent is stored or the store stopped growing for 500 ms.
        var quietSince = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(quietSince) < TimeSpan.FromMilliseconds(500))
        {
            var now = storedCount();
            if (now != stored)
            {
                stored = now;
                lastGrowth = quietSince = Stopwatch.GetTimestamp();
            }

            if (stored - initial >= sent)
            {
                break;
            }

            Thread.Sleep(2);
        }

        var completed = stored - initial;
        return new LoadResult(completed, sent - completed, Stopwatch.GetElapsedTime(began, lastGrowth), new LatencyRecorder(1));
    }
}
