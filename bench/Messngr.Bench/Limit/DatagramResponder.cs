using System.Net;
using System.Net.Sockets;
using Messngr.Wire;
using Messngr.Wire.DceRpc;
using Messngr.Wire.NetBios;
using Messngr.Wire.Smb1.Mailslot;

namespace Messngr.Bench.Limit;

/// <summary>
/// The least a correct receiver does with the two datagram transports, with the codecs messngr
/// uses: a <c>\MAILSLOT\MESSNGR</c> datagram on UDP 138 (protocols.md §3–§4) is parsed, checked to
/// be for our NAME&lt;03&gt; and its text appended to the store (no reply exists); a NetrSendMessage
/// request on UDP 135 ([MS-MSRP] 3.2.4.1, §7) is parsed, checked, appended, and answered with a
/// RESPONSE carrying NERR_Success (protocols.md §7.7). Everything else is dropped.
/// </summary>
internal sealed class DatagramResponder(NetBiosName messenger, LimitStore store)
{
    private readonly uint _serverBoot = (uint)DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    public void RunMailslot(Socket socket, CancellationToken cancellationToken)
    {
        var buffer = new byte[2048];
        EndPoint from = new IPEndPoint(IPAddress.Any, 0);
        while (!cancellationToken.IsCancellationRequested)
        {
            int n;
            try
            {
                n = socket.ReceiveFrom(buffer, ref from);
            }
            catch (SocketException)
            {
                continue;
            }

            if (MessengerDatagram.TryParse(buffer.AsSpan(0, n), out var datagram, out _) && datagram.Datagram.DestinationName == messenger)
            {
                store.Append(datagram.Message.Text.Span);
            }
        }
    }

    public void RunRpc(Socket socket, CancellationToken cancellationToken)
    {
        var buffer = new byte[ClPduHeader.Length + ClPdu.MaxBodyLength];
        var reply = new byte[512];
        EndPoint from = new IPEndPoint(IPAddress.Any, 0);
        var name = messenger.GetName();
        while (!cancellationToken.IsCancellationRequested)
        {
            int n;
            try
            {
                n = socket.ReceiveFrom(buffer, ref from);
            }
            catch (SocketException)
            {
                continue;
            }

            if (!NetrSendMessage.TryParseRequestPdu(buffer.AsSpan(0, n), out var pdu, out var request, out _, out _))
            {
                continue;
            }

            var ours = string.Equals(System.Text.Encoding.ASCII.GetString(request!.To.Span), name, StringComparison.OrdinalIgnoreCase);
            if (ours)
            {
                store.Append(request.Text.Span);
            }

            var response = NetrSendMessage.CreateResponsePdu(pdu!.Header, _serverBoot, ours ? MsrpStatus.NERR_Success : MsrpStatus.NERR_NameNotFound);
            var length = WirePacket.Write(response, reply);
            socket.SendTo(reply.AsSpan(0, length), SocketFlags.None, from);
        }
    }
}
