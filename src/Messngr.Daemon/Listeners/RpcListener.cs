using System.Net;
using Messngr.Daemon.Messages;
using Messngr.Wire.DceRpc;
using Microsoft.Extensions.Logging;
using Messngr.Daemon.Core;

namespace Messngr.Daemon.Listeners;

/// <summary>
/// UDP 135: [MS-MSRP] NetrSendMessage over connectionless DCE/RPC (protocols.md §7). A call for
/// one of our names is answered with a RESPONSE carrying NERR_Success once the message is in the
/// pipeline, NERR_NameNotFound-style statuses otherwise; calls to other interfaces or opnums get
/// the reject [MS-RPCE] prescribes; malformed datagrams get nothing.
/// </summary>
internal sealed class RpcListener : UdpListener
{
    private readonly LocalNames _names;
    private readonly MessagePipeline _pipeline;
    private readonly ILogger _logger;
    private RpcCallCache? _calls;

    /// <summary>Answered calls, for retransmissions (made at first use: <see cref="UdpListener.Limits"/> is set after construction).</summary>
    private RpcCallCache Calls => _calls ??= new RpcCallCache(limits: Limits);

    // [MS-RPCE] 4.3: server_boot lets a client notice a restarted server; seconds since the epoch at start.
    private readonly uint _serverBoot = (uint)DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    public RpcListener(IPEndPoint endPoint, LocalNames names, MessagePipeline pipeline, ListenerCounters counters, ILogger logger)
        : base("rpc", endPoint, counters, logger)
    {
        _names = names;
        _pipeline = pipeline;
        _logger = logger;
    }

    protected override void Handle(ReadOnlySpan<byte> datagram, IPEndPoint from)
    {
        if (!NetrSendMessage.TryParseRequestPdu(datagram, out var pdu, out var request, out var callError, out var detail))
        {
            if (pdu is not null && NetrSendMessage.CreateErrorReply(pdu.Header, _serverBoot, callError) is { } errorReply)
            {
                Counters.CountIgnored();
                Reply(errorReply.ToArray(), from);
                return;
            }

            if (pdu is not null && callError is MsrpCallError.NotARequest)
            {
                Counters.CountIgnored(); // acks, pings and the like need no answer here
                return;
            }

            Counters.CountMalformed();
            DaemonLog.Malformed(_logger, Name, from, PacketErrorText.Of(detail));
            return;
        }

        var header = pdu!.Header;
        if (_names.MatchRecipient(request!.To.Span, includeWorkgroup: false) is not { } to)
        {
            // [MS-MSRP] 3.2.4.1: the recipient is not in the message name table.
            Counters.CountIgnored();
            Reply(NetrSendMessage.CreateResponsePdu(header, _serverBoot, MsrpStatus.NERR_NameNotFound).ToArray(), from);
            return;
        }

        // A retransmitted request (same activity and sequence) is not stored again: while the call
        // runs it is dropped, afterwards it gets the same response (at-most-once, C706 §10.2).
        switch (Calls.Begin(header.ActivityId, header.SequenceNumber, out var cached))
        {
            case CallState.Running:
                Counters.CountIgnored();
                return;
            case CallState.Answered:
                Counters.CountIgnored();
                Reply(cached!, from);
                return;
        }

        var message = new ReceivedMessage(request.GetFrom(_names.Oem), to, request.GetText(_names.Oem), MessageTransport.Rpc, from, DateTimeOffset.UtcNow);
        // The success reply goes out only once the message is committed; a full queue or a store
        // failure answers NERR_BadReceive ([MS-MSRP] 3.2.4.1: the message could not be received).
        var queued = _pipeline.TryPublish(message, stored =>
            Answer(header, stored is null ? MsrpStatus.NERR_BadReceive : MsrpStatus.NERR_Success, from));
        if (!queued)
        {
            DaemonLog.MessageDropped(_logger, from);
            Answer(header, MsrpStatus.NERR_BadReceive, from);
        }
    }

    private void Answer(ClPduHeader request, uint status, IPEndPoint to)
    {
        var response = NetrSendMessage.CreateResponsePdu(request, _serverBoot, status).ToArray();
        Calls.Complete(request.ActivityId, request.SequenceNumber, response);
        Reply(response, to);
    }
}
