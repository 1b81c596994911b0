using System.Buffers;
using System.Net.Sockets;
using Messngr.Wire;
using Messngr.Wire.NetBios;
using Messngr.Wire.NetBios.SessionService;
using Messngr.Wire.Smb1;

namespace Messngr.Bench.Limit;

/// <summary>
/// The least a correct Messenger session server does (protocols.md §5–§6): accept, answer the
/// SESSION REQUEST for our NAME&lt;03&gt; with 0x82 (0x83/0x80 for any other name), then per message
/// D5 → reply with a group id, D7 → collect the block, D6 → append the whole text to the store and
/// reply. Frames and SMBs are parsed with the codecs messngr uses. Anything unexpected closes the
/// connection. One task per connection.
/// </summary>
internal sealed class SmbResponder(NetBiosName messenger, LimitStore store)
{
    private const int MaxFrame = NbssPacket.DefaultMaxFrameLength;
    private static readonly byte[] Positive = PositiveSessionResponsePacket.Instance.ToArray();
    private static readonly byte[] Negative = new NegativeSessionResponsePacket(NbssErrorCode.NotListeningOnCalledName).ToArray();

    public async Task RunAsync(Socket listener, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var socket = await listener.AcceptAsync(cancellationToken);
            _ = Task.Run(() => ServeAsync(socket, cancellationToken), CancellationToken.None);
        }
    }

    private async Task ServeAsync(Socket socket, CancellationToken cancellationToken)
    {
        using var owned = socket;
        socket.NoDelay = true;
        var frame = new byte[NbssPacket.HeaderLength + MaxFrame];
        var reply = new byte[128];
        var text = new ArrayBufferWriter<byte>(256);
        var session = false;
        var open = false;
        try
        {
            while (true)
            {
                if (!await ReadExactAsync(socket, frame.AsMemory(0, NbssPacket.HeaderLength), cancellationToken))
                {
                    return;
                }

                var length = ((frame[1] & 1) << 16) | (frame[2] << 8) | frame[3];
                if (length > MaxFrame || !await ReadExactAsync(socket, frame.AsMemory(NbssPacket.HeaderLength, length), cancellationToken))
                {
                    return;
                }

                if (!session)
                {
                    var ok = NbssPacket.TryParse(frame.AsSpan(0, NbssPacket.HeaderLength + length), out var request, out _)
                        && request is SessionRequestPacket { } sr && sr.CalledName == messenger;
                    await socket.SendAsync(ok ? Positive : Negative, SocketFlags.None, cancellationToken);
                    if (!ok)
                    {
                        return;
                    }

                    session = true;
                    continue;
                }

                if (frame[0] == (byte)NbssPacketType.SessionKeepAlive)
                {
                    continue;
                }

                if (frame[0] != (byte)NbssPacketType.SessionMessage || !SmbMessage.TryParse(frame.AsSpan(NbssPacket.HeaderLength, length), out var smb, out _))
                {
                    return;
                }

                SmbBody body;
                switch (smb!.Body)
                {
                    case SendStartMbRequest:
                        text.ResetWrittenCount();
                        open = true;
                        body = new SendStartMbResponse(1);
                        break;
                    case SendTextMbRequest block when open && text.WrittenCount + block.Data.Length <= 4096:
                        text.Write(block.Data.Span);
                        body = SmbEmptyBody.Instance;
                        break;
                    case SendEndMbRequest when open:
                        store.Append(text.WrittenSpan);
                        open = false;
                        body = SmbEmptyBody.Instance;
                        break;
                    default:
                        return;
                }

                var written = WirePacket.Write(SmbMessage.Reply(smb.Header, body), reply.AsSpan(NbssPacket.HeaderLength));
                reply[0] = 0;
                reply[1] = 0;
                reply[2] = (byte)(written >> 8);
                reply[3] = (byte)written;
                await socket.SendAsync(reply.AsMemory(0, NbssPacket.HeaderLength + written), SocketFlags.None, cancellationToken);
            }
        }
        catch (SocketException)
        {
            // the client went away
        }
        catch (OperationCanceledException)
        {
            // shutdown
        }
    }

    private static async ValueTask<bool> ReadExactAsync(Socket socket, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        while (!buffer.IsEmpty)
        {
            var n = await socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken);
            if (n == 0)
            {
                return false;
            }

            buffer = buffer[n..];
        }

        return true;
    }
}
