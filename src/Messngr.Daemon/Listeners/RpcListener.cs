using System.Diagnostics;
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
/// the reject [MS-RPCE] prescribes; malformed datagrams get nothing. The CL protocol around the
/// call (C706 chapter 10, docs/classic-conformance.md items 11-12): fragmented requests are
/// reassembled (bounded by <see cref="DaemonLimits"/>) and facked when the client asks; a PING is
/// answered WORKING, NOCALL or with the cached RESPONSE; a <c>maybe</c> call runs but is never
/// answered; an older sequence number of an activity never runs again; an EBCDIC/non-IEEE drep
/// or an authenticated call is rejected.
/// </summary>
internal sealed class RpcListener : UdpListener
{
    private readonly LocalNames _names;
    private readonly MessagePipeline _pipeline;
    private readonly ILogger _logger;
    private readonly Lock _reassemblyGate = new();
    private RpcCallCache? _calls;
    private ClFragmentReassembler? _reassembler;

    /// <summary>Answered calls, for retransmissions (made at first use: <see cref="UdpListener.Limits"/> is set after construction).</summary>
    private RpcCallCache Calls => _calls ??= new RpcCallCache(limits: Limits);

    /// <summary>Fragmented calls in progress (made at first use, as <see cref="Calls"/>); used under <see cref="_reassemblyGate"/>.</summary>
    private ClFragmentReassembler Reassembler => _reassembler ??= new ClFragmentReassembler(new ClReassemblyBudget
    {
        MaxFragmentsPerActivity = Limits.RpcMaxFragmentsPerCall,
        MaxBytesPerActivity = Limits.RpcMaxCallBytes,
        MaxActivities = Limits.RpcMaxReassemblies,
        MaxActivitiesPerSource = Limits.RpcMaxReassembliesPerSource,
        MaxTotalBytes = Limits.RpcMaxReassemblyBytes,
        MaxAge = Limits.RpcReassemblyDeadline,
    });

    // [MS-RPCE] 4.3: server_boot lets a client notice a restarted server; seconds since the epoch at start.
    private readonly uint _serverBoot = (uint)DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    public RpcListener(IPEndPoint endPoint, LocalNames names, MessagePipeline pipeline, ListenerCounters counters, ILogger logger)
        : base("rpc", endPoint, counters, logger)
    {
        _names = names;
        _pipeline = pipeline;
        _logger = logger;
    }

    protected override int MaxDatagram => Limits.RpcMaxDatagram;

    protected override void Handle(ReadOnlySpan<byte> datagram, IPEndPoint from)
    {
        if (!ClPdu.TryParse(datagram, out var pdu, out var detail))
        {
            // An EBCDIC/non-IEEE drep or an authenticated call is legal CL RPC we do not support:
            // reject it (C706 ch. 12, reject PDU) rather than let the client time out; garbage gets nothing.
            if (ClPduHeader.TryReadUnsupported(datagram, out var unsupported, out var rejectStatus))
            {
                Counters.CountIgnored();
                if ((unsupported!.Flags1 & ClFlags1.Maybe) == 0)
                {
                    Reply(NetrSendMessage.CreateRejectPdu(unsupported, _serverBoot, rejectStatus).ToArray(), from);
                }

                return;
            }

            Counters.CountMalformed();
            DaemonLog.Malformed(_logger, Name, from, PacketErrorText.Of(detail));
            return;
        }

        switch (pdu!.PacketType)
        {
            case ClPacketType.Request:
                HandleRequest(pdu, from);
                return;
            case ClPacketType.Ping:
                HandlePing(pdu.Header, from);
                return;
            default:
                Counters.CountIgnored(); // acks, facks from clients, cancels: nothing to answer
                return;
        }
    }

    private void HandleRequest(ClPdu pdu, IPEndPoint from)
    {
        var header = pdu.Header;
        var maybe = (header.Flags1 & ClFlags1.Maybe) != 0;
        var error = NetrSendMessage.CheckCall(header);
        if (error != MsrpCallError.None)
        {
            Counters.CountIgnored();
            if (!maybe && NetrSendMessage.CreateErrorReply(header, _serverBoot, error) is { } errorReply)
            {
                Reply(errorReply.ToArray(), from);
            }

            return;
        }

        if ((header.Flags1 & ClFlags1.Fragment) == 0)
        {
            Run(header, pdu.Body.Span, from);
            return;
        }

        if (Calls.Lookup(header.ActivityId, header.SequenceNumber, out var cached) is not CallState.New)
        {
            // A fragment of a call already run (or older than the activity's newest): the client
            // missed our reply; as for a whole retransmitted request, resend it or stay silent.
            Counters.CountIgnored();
            if (cached is not null && !maybe)
            {
                Reply(cached, from);
            }

            return;
        }

        ClReassemblyStatus status;
        ClPduHeader? whole;
        byte[]? stub;
        ClPdu? fack = null;
        lock (_reassemblyGate)
        {
            status = Reassembler.Add(pdu, Source(from), Now, out whole, out stub);
            // C706 ch. 12 (fack PDU): a fragment with no-fack clear asks for a fack, unless it completed the
            // call (the response acknowledges every fragment).
            if (status is ClReassemblyStatus.NeedMore or ClReassemblyStatus.Duplicate && (header.Flags1 & (ClFlags1.NoFack | ClFlags1.Maybe)) == 0 &&
                Reassembler.TryGetReceived(header.ActivityId, header.SequenceNumber, out var inOrder, out var masks))
            {
                fack = NetrSendMessage.CreateFackPdu(header, _serverBoot, inOrder, FackBody(header.SerialNumber, masks));
            }
        }

        if (status == ClReassemblyStatus.Complete)
        {
            Run(whole!, stub, from);
            return;
        }

        if (status is ClReassemblyStatus.NeedMore or ClReassemblyStatus.Duplicate)
        {
            Counters.CountIgnored();
            if (fack is not null)
            {
                Reply(fack.ToArray(), from);
            }

            return;
        }

        // A call larger than one call may be can never complete: fault it (C706 Appendix E, the server
        // cannot hold the in arguments). A shared bound full is transient: reject busy, the client may
        // retry. Fragments that contradict each other: protocol error. Stale fragments and fragments
        // of another source's activity are dropped without a word.
        Counters.CountIgnored();
        var refusal = status switch
        {
            ClReassemblyStatus.TooLarge => NetrSendMessage.CreateFaultPdu(header, _serverBoot, NcaStatus.nca_s_fault_remote_no_memory),
            ClReassemblyStatus.OverBudget => NetrSendMessage.CreateRejectPdu(header, _serverBoot, NcaStatus.nca_s_server_too_busy),
            ClReassemblyStatus.Inconsistent => NetrSendMessage.CreateRejectPdu(header, _serverBoot, NcaStatus.nca_s_proto_error),
            _ => null,
        };
        if (refusal is not null && !maybe)
        {
            Reply(refusal.ToArray(), from);
        }
    }

    private void Run(ClPduHeader header, ReadOnlySpan<byte> stub, IPEndPoint from)
    {
        var maybe = (header.Flags1 & ClFlags1.Maybe) != 0;
        if (!NetrSendMessageRequest.TryParse(stub, header.DataRepresentation, out var request, out var detail))
        {
            Counters.CountMalformed();
            DaemonLog.Malformed(_logger, Name, from, PacketErrorText.Of(detail));
            if (!maybe && NetrSendMessage.CreateErrorReply(header, _serverBoot, MsrpCallError.MalformedStub) is { } fault)
            {
                Reply(fault.ToArray(), from);
            }

            return;
        }

        // A retransmitted request (same activity and sequence) is not stored again: while the call
        // runs it is dropped, afterwards it gets the same response (at-most-once, C706 §10.2); an
        // older sequence number than the activity's newest call is never run again.
        switch (Calls.Begin(header.ActivityId, header.SequenceNumber, out var cached))
        {
            case CallState.Running or CallState.Stale:
                Counters.CountIgnored();
                return;
            case CallState.Answered:
                Counters.CountIgnored();
                if (!maybe)
                {
                    Reply(cached!, from);
                }

                return;
        }

        if (_names.MatchRecipient(request!.To.Span, includeWorkgroup: false) is not { } to)
        {
            // [MS-MSRP] 3.2.4.1: the recipient is not in the message name table.
            Counters.CountIgnored();
            Answer(header, MsrpStatus.NERR_NameNotFound, from);
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

    /// <summary>
    /// C706 ch. 10 and 12 (ping PDU): a PING asks about call (activity, seqnum). Answered: the cached
    /// RESPONSE again; running: WORKING; fragments arriving: NOCALL with a fack body saying which;
    /// unknown or older than the activity's newest call: NOCALL.
    /// </summary>
    private void HandlePing(ClPduHeader ping, IPEndPoint from)
    {
        Counters.CountIgnored();
        switch (Calls.Lookup(ping.ActivityId, ping.SequenceNumber, out var cached))
        {
            case CallState.Answered:
                Reply(cached!, from);
                return;
            case CallState.Running:
                Reply(NetrSendMessage.CreateWorkingPdu(ping, _serverBoot).ToArray(), from);
                return;
        }

        ClPdu nocall;
        lock (_reassemblyGate)
        {
            nocall = Reassembler.TryGetReceived(ping.ActivityId, ping.SequenceNumber, out var inOrder, out var masks)
                ? NetrSendMessage.CreateNocallPdu(ping, _serverBoot, inOrder, FackBody(ping.SerialNumber, masks))
                : NetrSendMessage.CreateNocallPdu(ping, _serverBoot);
        }

        Reply(nocall.ToArray(), from);
    }

    private void Answer(ClPduHeader request, uint status, IPEndPoint to)
    {
        var response = NetrSendMessage.CreateResponsePdu(request, _serverBoot, status).ToArray();
        Calls.Complete(request.ActivityId, request.SequenceNumber, response);
        if ((request.Flags1 & ClFlags1.Maybe) == 0)
        {
            Reply(response, to); // C706: a maybe call is never answered
        }
    }

    /// <summary>Our receive limits in a fack body: window 1 (fragment at a time is fine), max tsdu and fragment size.</summary>
    private ClFackBody FackBody(ushort serial, uint[] masks) => new()
    {
        WindowSize = 1,
        MaxTsdu = (uint)Limits.RpcMaxCallBytes,
        MaxFragmentSize = (uint)Limits.RpcMaxDatagram,
        SerialNumber = serial,
        SelectiveAcks = masks,
    };

    private static TimeSpan Now => Stopwatch.GetElapsedTime(0);

    /// <summary>The reassembler's label for a source: its IPv4 address.</summary>
    private static uint Source(IPEndPoint from)
    {
        Span<byte> bytes = stackalloc byte[16];
        return from.Address.TryWriteBytes(bytes, out var written) && written == 4
            ? System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(bytes)
            : (uint)from.Address.GetHashCode();
    }
}
