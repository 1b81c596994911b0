using System.Buffers;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Messngr.Bench.Harness;
using Messngr.Wire.NetBios;
using Messngr.Wire.NetBios.SessionService;
using Messngr.Wire.Smb1;

namespace Messngr.Bench.Load;

/// <summary>
/// One short message the way <c>messngr send</c> delivers it (protocols.md §5, §6.4–6.5): TCP connect
/// to port 139 → NBSS SESSION REQUEST to <c>NAME&lt;03&gt;</c> → SMB_COM_NEGOTIATE "NT LM 0.12"
/// (smbd 4.17 drops 0xD0 without it) → SMB_COM_SEND_MESSAGE → its reply. Blocking I/O on a socket
/// created in the sender's namespace; the latency is connect start to the positive reply.
/// </summary>
internal sealed class SmbOneShot(BenchLab lab, BenchHost from, IPAddress to, string recipient, TimeSpan timeout)
{
    private static readonly NetBiosName Calling = NetBiosName.Create("MBVALID", NetBiosName.SuffixWorkstation);
    private readonly NetBiosName _called = NetBiosName.Create(recipient, NetBiosName.SuffixMessenger);

    /// <summary>Sends <paramref name="text"/>; the elapsed milliseconds, or null and why when it was not delivered.</summary>
    public (double? Milliseconds, string? Failure) Send(string text)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            using var socket = lab.CreateSocket(from, SocketType.Stream, ProtocolType.Tcp);
            socket.NoDelay = true;
            socket.SendTimeout = socket.ReceiveTimeout = (int)timeout.TotalMilliseconds;
            using (var connect = new CancellationTokenSource(timeout))
            {
                socket.ConnectAsync(new IPEndPoint(to, 139), connect.Token).AsTask().GetAwaiter().GetResult();
            }

            socket.Send(new SessionRequestPacket(_called, Calling).ToArray());
            if (ReadFrame(socket) is not PositiveSessionResponsePacket)
            {
                return (null, "no positive session response");
            }

            var negotiate = Exchange(socket, SmbMessage.Request(SmbCommand.SMB_COM_NEGOTIATE, NegotiateRequest.Messenger));
            if (negotiate.Header.IsError)
            {
                return (null, $"negotiate refused (status 0x{negotiate.Header.Status:X8})");
            }

            var body = SendMessageRequest.Create("MBVALID", recipient, System.Text.Encoding.ASCII.GetBytes(text));
            var reply = Exchange(socket, SmbMessage.Request(SmbCommand.SMB_COM_SEND_MESSAGE, body));
            var elapsed = clock.Elapsed.TotalMilliseconds;
            socket.Shutdown(SocketShutdown.Both);
            return reply.Header.IsError ? (null, $"SMB_COM_SEND_MESSAGE refused (status 0x{reply.Header.Status:X8})") : (elapsed, null);
        }
        catch (Exception ex) when (ex is SocketException or IOException or OperationCanceledException or InvalidDataException)
        {
            return (null, ex.Message);
        }
    }

    private static SmbMessage Exchange(Socket socket, SmbMessage request)
    {
        socket.Send(request.ToSessionMessage());
        if (ReadFrame(socket) is not SessionMessagePacket session || !SmbMessage.TryParse(session.Payload.Span, out var reply, out _) || !reply!.Header.IsReply)
        {
            throw new InvalidDataException($"no SMB reply to 0x{(byte)request.Command:X2}");
        }

        return reply;
    }

    private static NbssPacket ReadFrame(Socket socket)
    {
        var header = new byte[NbssPacket.HeaderLength];
        ReadExactly(socket, header);
        var length = ((header[1] & 1) << 16) | (header[2] << 8) | header[3];
        var whole = new byte[NbssPacket.HeaderLength + length];
        header.CopyTo(whole, 0);
        ReadExactly(socket, whole.AsSpan(NbssPacket.HeaderLength));
        var sequence = new ReadOnlySequence<byte>(whole);
        return NbssPacket.TryReadFrame(ref sequence, out var frame, out var error) == NbssReadResult.Frame
            ? frame!
            : throw new InvalidDataException($"bad NBSS frame ({error})");
    }

    private static void ReadExactly(Socket socket, Span<byte> buffer)
    {
        while (buffer.Length > 0)
        {
            var n = socket.Receive(buffer);
            if (n == 0)
            {
                throw new IOException("the peer closed the connection");
            }

            buffer = buffer[n..];
        }
    }
}
