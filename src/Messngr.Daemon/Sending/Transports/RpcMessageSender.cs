using System.Net;
using System.Net.Sockets;
using Messngr.Wire;
using Messngr.Wire.DceRpc;

namespace Messngr.Daemon.Sending.Transports;

/// <summary>
/// [MS-MSRP] 3.2.4.1 NetrSendMessage over connectionless DCE/RPC on UDP (protocols.md §7): one
/// request PDU (fresh activity, seqnum 0, flags1 idempotent|no-fack 0x28, server_boot 0, §7.4),
/// retransmitted on a doubling schedule within the timeout, until a RESPONSE (its status named),
/// FAULT or REJECT (its nca status named) arrives. WORKING and NOCALL keep us waiting; datagrams
/// that are not a reply to this call are ignored (style.md: no reply to garbage).
/// </summary>
/// <remarks>
/// The socket is not connected: the endpoint mapper on 135 forwards the call and the reply comes
/// from the server's dynamic port ([MS-RPCE] 4.5, protocols.md §7.8), so replies are accepted
/// from any port of the destination address. ICMP port unreachable is still seen through
/// IP_RECVERR (Linux ip(7)), which makes the pending receive fail with ECONNREFUSED.
/// </remarks>
internal sealed class RpcMessageSender
{
    /// <summary>Largest text: [MS-MSRP] 3.2.4.4, "≤ 652 bytes" on the mailslot and RPC paths.</summary>
    public const int MaxTextBytes = MessageLimits.MessageTextBytes;

    // Linux <netinet/in.h>: SOL_IP and IP_RECVERR.
    private const int SolIp = 0;
    private const int IpRecvErr = 11;

    private readonly TransportSettings _settings;

    public RpcMessageSender(TransportSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _settings = settings.Validate();
    }

    /// <summary>
    /// Calls NetrSendMessage(From, To, Text) at <paramref name="endpoint"/> (normally UDP 135).
    /// Never throws for network or peer trouble; cancellation throws as usual.
    /// </summary>
    public async Task<TransportResult> SendAsync(IPEndPoint endpoint, ClassicMessage message, SendTrace? trace, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(message);
        try
        {
            var request = NetrSendMessage.CreateRequestPdu(Prepare(message), Guid.NewGuid(), 0);
            return await CallAsync(endpoint, request, trace, cancellationToken).ConfigureAwait(false);
        }
        catch (TransportFailure failure)
        {
            trace?.Invoke($"rpc: {failure.Result.Outcome}: {failure.Result.Detail}");
            return failure.Result;
        }
    }

    private NetrSendMessageRequest Prepare(ClassicMessage message)
    {
        var oem = _settings.Oem;
        var from = ClassicText.EncodeName(message.From, oem, "sender name");
        var to = ClassicText.EncodeName(message.To, oem, "recipient name");
        var text = ClassicText.EncodeText(message.Text, oem, _settings.WindowsLineBreaks);
        if (text.Length > MaxTextBytes)
        {
            throw new TransportFailure(SendOutcome.Invalid,
                $"the message is {text.Length} bytes in code page {oem.CodePage}; NetrSendMessage carries at most {MaxTextBytes} ([MS-MSRP] 3.2.4.4); send it over SMB");
        }

        try
        {
            return NetrSendMessageRequest.FromOem(from, to, text);
        }
        catch (ArgumentException ex)
        {
            throw new TransportFailure(SendOutcome.Invalid, ex.Message.Split(" (Parameter", 2)[0]);
        }
    }

    private async Task<TransportResult> CallAsync(IPEndPoint endpoint, ClPdu request, SendTrace? trace, CancellationToken cancellationToken)
    {
        using var socket = new Socket(endpoint.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(endpoint.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0));
        if (endpoint.AddressFamily == AddressFamily.InterNetwork && OperatingSystem.IsLinux())
        {
            socket.SetRawSocketOption(SolIp, IpRecvErr, BitConverter.GetBytes(1));
        }

        var bytes = request.ToArray();
        var activity = request.Header.ActivityId;
        trace?.Invoke($"rpc: NetrSendMessage request ({bytes.Length} bytes, activity {activity}) to udp {endpoint} from {socket.LocalEndPoint}");
        var started = Environment.TickCount64;
        var deadline = started + (long)_settings.Timeout.TotalMilliseconds;
        // Retransmission: first after a fifth of the timeout (0.1–1 s), then doubling (DCE CL "wait time").
        var interval = Math.Clamp((long)_settings.Timeout.TotalMilliseconds / 5, 100, 1000);
        var nextSend = started;
        var sends = 0;
        var buffer = new byte[ClPduHeader.Length + ClPdu.MaxBodyLength];
        Task<SocketReceiveFromResult>? pending = null;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        try
        {
            while (true)
            {
                var now = Environment.TickCount64;
                if (now >= deadline)
                {
                    return Fail(SendOutcome.TimedOut,
                        $"{endpoint} did not answer NetrSendMessage within {NbssConnection.Seconds(_settings.Timeout)} ({sends} transmission{(sends == 1 ? "" : "s")})", trace);
                }

                if (now >= nextSend)
                {
                    await socket.SendToAsync(bytes, SocketFlags.None, endpoint, cancellationToken).ConfigureAwait(false);
                    sends++;
                    if (sends > 1)
                    {
                        trace?.Invoke($"rpc: no reply yet; retransmission {sends - 1}");
                    }

                    nextSend = now + interval;
                    interval *= 2;
                }

                pending ??= socket.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(endpoint.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0), stop.Token).AsTask();
                var wait = Math.Max(0, Math.Min(nextSend, deadline) - Environment.TickCount64);
                if (await Task.WhenAny(pending, Task.Delay(TimeSpan.FromMilliseconds(wait), cancellationToken)).ConfigureAwait(false) != pending)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    continue;
                }

                var received = await pending.ConfigureAwait(false);
                pending = null;
                var from = (IPEndPoint)received.RemoteEndPoint;
                var outcome = Judge(endpoint, from, buffer.AsSpan(0, received.ReceivedBytes), request.Header, trace, out var reply);
                if (outcome is null)
                {
                    continue;
                }

                if (reply is not null)
                {
                    // [MS-RPCE] 4.4 / protocols.md §7.7: the client acknowledges the response.
                    await socket.SendToAsync(NetrSendMessage.CreateAckPdu(reply.Header).ToArray(), SocketFlags.None, from, cancellationToken).ConfigureAwait(false);
                    trace?.Invoke($"rpc: ack sent to {from}");
                }

                return outcome;
            }
        }
        catch (SocketException ex) when (!cancellationToken.IsCancellationRequested)
        {
            var outcome = ex.SocketErrorCode is SocketError.ConnectionRefused or SocketError.HostUnreachable or SocketError.NetworkUnreachable or SocketError.ConnectionReset
                ? SendOutcome.Unreachable
                : SendOutcome.ProtocolError;
            var why = ex.SocketErrorCode is SocketError.ConnectionRefused or SocketError.ConnectionReset
                ? "ICMP port unreachable: nothing listens on that UDP port"
                : NbssConnection.SocketText(ex);
            return Fail(outcome, $"udp {endpoint}: {why}", trace);
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            if (pending is not null)
            {
                try
                {
                    await pending.ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
                {
                    // the receive we no longer need
                }
            }
        }
    }

    /// <summary>
    /// What one datagram means for our call: null to keep waiting (not from the peer, not a CL PDU,
    /// another call, WORKING, NOCALL, a bad stub); otherwise the result. <paramref name="reply"/> is
    /// set for a RESPONSE, which we acknowledge.
    /// </summary>
    private static TransportResult? Judge(IPEndPoint endpoint, IPEndPoint from, ReadOnlySpan<byte> datagram, ClPduHeader request, SendTrace? trace, out ClPdu? reply)
    {
        reply = null;
        if (!from.Address.Equals(endpoint.Address))
        {
            trace?.Invoke($"rpc: ignored a datagram from {from} (not the recipient)");
            return null;
        }

        if (!ClPdu.TryParse(datagram, out var pdu, out var error))
        {
            trace?.Invoke($"rpc: ignored {datagram.Length} bytes from {from} that are not a CL DCE/RPC PDU ({error})");
            return null;
        }

        var h = pdu!.Header;
        if (h.ActivityId != request.ActivityId || h.SequenceNumber != request.SequenceNumber)
        {
            trace?.Invoke($"rpc: ignored a {h.PacketType} for another call (activity {h.ActivityId}, seq {h.SequenceNumber})");
            return null;
        }

        switch (h.PacketType)
        {
            case ClPacketType.Response when NetrSendMessage.TryParseResponse(pdu, out var status):
                reply = pdu;
                trace?.Invoke($"rpc: response from {from}: {RpcStatusText.Msrp(status)}");
                return status == MsrpStatus.NERR_Success
                    ? new TransportResult(SendOutcome.Delivered, $"NetrSendMessage returned {RpcStatusText.Msrp(status)}")
                    : new TransportResult(SendOutcome.Refused, $"NetrSendMessage returned {RpcStatusText.Msrp(status)}");
            case ClPacketType.Fault or ClPacketType.Reject when pdu.TryGetStatus(out var nca):
                var kind = h.PacketType == ClPacketType.Fault ? "fault" : "reject";
                trace?.Invoke($"rpc: {kind} from {from}: {RpcStatusText.Nca(nca)}");
                return new TransportResult(SendOutcome.Refused, $"NetrSendMessage got a {kind}: {RpcStatusText.Nca(nca)}");
            case ClPacketType.Working:
                trace?.Invoke($"rpc: {from} is working on the call");
                return null;
            case ClPacketType.Nocall:
                trace?.Invoke($"rpc: {from} has no record of the call yet (nocall)");
                return null;
            default:
                trace?.Invoke($"rpc: ignored a {h.PacketType} from {from}");
                return null;
        }
    }

    private static TransportResult Fail(SendOutcome outcome, string detail, SendTrace? trace)
    {
        trace?.Invoke($"rpc: {outcome}: {detail}");
        return new TransportResult(outcome, detail);
    }
}
