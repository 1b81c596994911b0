using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Messngr.Bench.Harness;

namespace Messngr.Bench.Load;

/// <summary>
/// A closed-loop UDP load with a fixed number of requests outstanding, on one socket and one
/// thread (no cross-thread hand-offs, so the generator costs one send and one receive per request):
/// fill the window, then for every correct reply (matched by tag) send the next request. A request
/// unanswered after the reply timeout counts as failed and frees its slot (checked every 50 ms).
/// Stops sending after <c>count</c> requests or <c>maxTime</c>, whichever is first, then waits
/// (bounded by the reply timeout) for the replies still due. Throughput = correct replies / time
/// from the first send to the last correct reply.
/// </summary>
public static class DatagramWindowLoad
{
    private const int Tags = 1 << 16;

    public static LoadResult Run(BenchLab lab, IPEndPoint target, IDatagramExchange exchange, int outstanding, int count, TimeSpan maxTime, TimeSpan replyTimeout)
    {
        using var socket = lab.CreateUdpSocket(lab.Client);
        socket.ReceiveTimeout = 20;
        var pending = new long[Tags];
        var latency = new LatencyRecorder();
        long completed = 0, failed = 0, sent = 0, inFlight = 0;
        var frequency = Stopwatch.Frequency;
        var timeoutTicks = (long)(replyTimeout.TotalSeconds * frequency);
        var request = new byte[2048];
        var buffer = new byte[4096];
        var began = Stopwatch.GetTimestamp();
        var deadline = began + (long)(maxTime.TotalSeconds * frequency);
        var last = began;
        var lastSweep = began;
        long drainUntil = 0;

        void Sweep(long now)
        {
            lastSweep = now;
            for (var i = 0; i < Tags; i++)
            {
                if (pending[i] != 0 && now - pending[i] > timeoutTicks)
                {
                    pending[i] = 0;
                    failed++;
                    inFlight--;
                }
            }
        }

        while (true)
        {
            var now = Stopwatch.GetTimestamp();
            var sending = sent < count && now < deadline;
            while (sending && inFlight < outstanding)
            {
                var tag = (ushort)(sent & 0xFFFF);
                if (pending[tag] != 0)
                {
                    failed++; // wrapped onto a request still out (it was lost)
                    inFlight--;
                }

                var length = exchange.WriteRequest(tag, sent, request);
                pending[tag] = Stopwatch.GetTimestamp();
                try
                {
                    socket.SendTo(request.AsSpan(0, length), SocketFlags.None, target);
                }
                catch (SocketException)
                {
                    // counted as lost by the sweep
                }

                sent++;
                inFlight++;
                sending = sent < count;
            }

            if (!sending)
            {
                if (inFlight == 0)
                {
                    break;
                }

                drainUntil = drainUntil == 0 ? now + timeoutTicks : drainUntil;
                if (now > drainUntil)
                {
                    Sweep(long.MaxValue);
                    break;
                }
            }

            if (now - lastSweep > frequency / 20)
            {
                Sweep(now);
            }

            int n;
            try
            {
                n = socket.Receive(buffer);
            }
            catch (SocketException)
            {
                continue; // the 20 ms receive timeout, or an ICMP error
            }

            if (!exchange.TryMatchReply(buffer.AsSpan(0, n), out var replyTag) || pending[replyTag] == 0)
            {
                continue; // not ours, or late (already counted lost), or a duplicate
            }

            last = Stopwatch.GetTimestamp();
            latency.Record(last - pending[replyTag]);
            pending[replyTag] = 0;
            completed++;
            inFlight--;
        }

        var elapsed = completed > 0 ? Stopwatch.GetElapsedTime(began, last) : TimeSpan.Zero;
        return new LoadResult(completed, failed, elapsed, latency);
    }
}
