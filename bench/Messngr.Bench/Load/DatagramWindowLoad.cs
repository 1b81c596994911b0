using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Messngr.Bench.Harness;

namespace Messngr.Bench.Load;

/// <summary>
/// A closed-loop UDP load with a fixed number of requests outstanding: one socket, one sender
/// thread that sends whenever a window slot is free, one receiver thread that matches replies by
/// tag and frees slots. A request unanswered after the reply timeout counts as failed and frees
/// its slot. Stops after <c>count</c> requests or <c>maxTime</c>, whichever is first, then waits
/// (bounded by the reply timeout) for the replies still due. Throughput = correct replies / time
/// from the first send to the last correct reply.
/// </summary>
public static class DatagramWindowLoad
{
    private const int Tags = 1 << 16;

    public static LoadResult Run(BenchLab lab, IPEndPoint target, IDatagramExchange exchange, int outstanding, int count, TimeSpan maxTime, TimeSpan replyTimeout)
    {
        using var socket = lab.CreateUdpSocket(lab.Client);
        socket.ReceiveTimeout = 50;
        var pending = new long[Tags];
        var latency = new LatencyRecorder();
        using var window = new SemaphoreSlim(outstanding, outstanding);
        long completed = 0, failed = 0, last = 0;
        var timeoutTicks = (long)(replyTimeout.TotalSeconds * Stopwatch.Frequency);
        var stopReceiving = false;

        var receiver = new Thread(() =>
        {
            var buffer = new byte[4096];
            while (!Volatile.Read(ref stopReceiving))
            {
                int n;
                try
                {
                    n = socket.Receive(buffer);
                }
                catch (SocketException)
                {
                    continue; // timeout tick, or ICMP unreachable
                }

                if (!exchange.TryMatchReply(buffer.AsSpan(0, n), out var tag))
                {
                    continue;
                }

                var start = Interlocked.Exchange(ref pending[tag], 0);
                if (start == 0)
                {
                    continue; // late (already counted lost) or duplicate
                }

                var now = Stopwatch.GetTimestamp();
                latency.Record(now - start);
                Interlocked.Increment(ref completed);
                Volatile.Write(ref last, now);
                window.Release();
            }
        })
        { IsBackground = true, Name = "load receiver" };
        receiver.Start();

        void Sweep(bool all)
        {
            var now = Stopwatch.GetTimestamp();
            for (var i = 0; i < Tags; i++)
            {
                var start = Volatile.Read(ref pending[i]);
                if (start != 0 && (all || now - start > timeoutTicks) && Interlocked.CompareExchange(ref pending[i], 0, start) == start)
                {
                    Interlocked.Increment(ref failed);
                    window.Release();
                }
            }
        }

        var request = new byte[2048];
        var began = Stopwatch.GetTimestamp();
        var deadline = began + (long)(maxTime.TotalSeconds * Stopwatch.Frequency);
        long sent = 0;
        while (sent < count && Stopwatch.GetTimestamp() < deadline)
        {
            if (!window.Wait(20))
            {
                Sweep(all: false);
                continue;
            }

            var tag = (ushort)(sent & 0xFFFF);
            if (Volatile.Read(ref pending[tag]) != 0)
            {
                Sweep(all: false); // wrapped onto a request still out: only possible after losses
            }

            var length = exchange.WriteRequest(tag, sent, request);
            Volatile.Write(ref pending[tag], Stopwatch.GetTimestamp());
            try
            {
                socket.SendTo(request.AsSpan(0, length), SocketFlags.None, target);
            }
            catch (SocketException)
            {
                // counted as lost by the sweep
            }

            sent++;
        }

        // Drain: the replies still due get the reply timeout, then whatever is left is lost.
        var drainUntil = Stopwatch.GetTimestamp() + timeoutTicks;
        while (Stopwatch.GetTimestamp() < drainUntil && Interlocked.Read(ref completed) + Interlocked.Read(ref failed) < sent)
        {
            Thread.Sleep(5);
        }

        Volatile.Write(ref stopReceiving, true);
        receiver.Join();
        Sweep(all: true);
        var end = Volatile.Read(ref last);
        var elapsed = end > began ? Stopwatch.GetElapsedTime(began, end) : TimeSpan.Zero;
        return new LoadResult(completed, failed, elapsed, latency);
    }
}
