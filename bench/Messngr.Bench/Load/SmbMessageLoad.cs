using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Messngr.Bench.Harness;
using Messngr.Wire.NetBios.SessionService;
using Messngr.Wire.Smb1;

namespace Messngr.Bench.Load;

/// <summary>
/// Messages over NBSS+SMB from <c>senders</c> concurrent workers. With <c>connectionPerMessage</c>
/// each message is what <c>smbclient -M</c> does — TCP connect, SESSION REQUEST, D5, D7, D6, close
/// — and its latency runs from the connect to the D6 reply; otherwise each worker keeps one session
/// open and sends D5/D7/D6 on it again and again. A message counts when the D6 reply is a success
/// (messngr sends it only after the store committed the message). Bounded by count and time;
/// every step by the reply timeout.
/// </summary>
public static class SmbMessageLoad
{
    public static async Task<LoadResult> RunAsync(BenchLab lab, IPEndPoint target, SmbMessageFrames frames, int senders, bool connectionPerMessage,
        int count, TimeSpan maxTime, TimeSpan replyTimeout, CancellationToken cancellationToken)
    {
        var latency = new LatencyRecorder();
        long issued = 0, completed = 0, failed = 0, last = 0;
        var began = Stopwatch.GetTimestamp();
        var deadline = began + (long)(maxTime.TotalSeconds * Stopwatch.Frequency);
        bool More() => Stopwatch.GetTimestamp() < deadline && Interlocked.Increment(ref issued) <= count;

        async Task Worker()
        {
            var buffer = new byte[NbssPacket.HeaderLength + 1024];
            var text = (byte[])frames.Text.Clone();
            var end = (byte[])frames.End.Clone();
            Socket? kept = null;
            try
            {
                while (More())
                {
                    var start = Stopwatch.GetTimestamp();
                    using var step = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                    step.CancelAfter(replyTimeout);
                    Socket? socket = kept;
                    try
                    {
                        if (socket is null)
                        {
                            socket = lab.CreateSocket(lab.Client, SocketType.Stream, ProtocolType.Tcp);
                            socket.NoDelay = true;
                            await socket.ConnectAsync(target, step.Token);
                            await socket.SendAsync(frames.SessionRequest, SocketFlags.None, step.Token);
                            if (await ReadFrameAsync(socket, buffer, step.Token) is not 4 || buffer[0] != 0x82)
                            {
                                throw new IOException("no positive session response");
                            }

                            if (!connectionPerMessage)
                            {
                                kept = socket;
                            }
                        }

                        var groupId = SmbMessageFrames.GroupId(await ExchangeAsync(socket, frames.Start, buffer, SmbCommand.SMB_COM_SEND_START_MB_MESSAGE, step.Token));
                        SmbMessageFrames.SetGroupId(text, groupId);
                        SmbMessageFrames.SetGroupId(end, groupId);
                        await ExchangeAsync(socket, text, buffer, SmbCommand.SMB_COM_SEND_TEXT_MB_MESSAGE, step.Token);
                        await ExchangeAsync(socket, end, buffer, SmbCommand.SMB_COM_SEND_END_MB_MESSAGE, step.Token);
                        var now = Stopwatch.GetTimestamp();
                        latency.Record(now - start);
                        Interlocked.Increment(ref completed);
                        Interlocked.Exchange(ref last, now);
                    }
                    catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
                    {
                        Interlocked.Increment(ref failed);
                        if (ReferenceEquals(socket, kept))
                        {
                            kept = null;
                        }

                        socket?.Dispose();
                    }
                    finally
                    {
                        if (connectionPerMessage)
                        {
                            socket?.Dispose();
                        }
                    }
                }
            }
            finally
            {
                kept?.Dispose();
            }
        }

        await Task.WhenAll(Enumerable.Range(0, senders).Select(_ => Task.Run(Worker, CancellationToken.None)));
        var end = Interlocked.Read(ref last);
        return new LoadResult(completed, failed, end > began ? Stopwatch.GetElapsedTime(began, end) : TimeSpan.Zero, latency);
    }

    private static async Task<byte[]> ExchangeAsync(Socket socket, byte[] request, byte[] buffer, SmbCommand command, CancellationToken cancellationToken)
    {
        await socket.SendAsync(request, SocketFlags.None, cancellationToken);
        var length = await ReadFrameAsync(socket, buffer, cancellationToken);
        if (!SmbMessageFrames.IsSuccess(buffer.AsSpan(0, length), command))
        {
            throw new IOException($"{command} was not answered with success");
        }

        return buffer;
    }

    /// <summary>Reads one NBSS frame into <paramref name="buffer"/>; returns its whole length.</summary>
    private static async Task<int> ReadFrameAsync(Socket socket, byte[] buffer, CancellationToken cancellationToken)
    {
        await ReadExactAsync(socket, buffer.AsMemory(0, NbssPacket.HeaderLength), cancellationToken);
        var length = ((buffer[1] & 1) << 16) | (buffer[2] << 8) | buffer[3];
        if (length > buffer.Length - NbssPacket.HeaderLength)
        {
            throw new IOException($"reply frame of {length} bytes");
        }

        await ReadExactAsync(socket, buffer.AsMemory(NbssPacket.HeaderLength, length), cancellationToken);
        return NbssPacket.HeaderLength + length;
    }

    private static async Task ReadExactAsync(Socket socket, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        while (!buffer.IsEmpty)
        {
            var n = await socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken);
            if (n == 0)
            {
                throw new IOException("connection closed by the peer");
            }

            buffer = buffer[n..];
        }
    }
}
