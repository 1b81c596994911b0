namespace Messngr.Wire.DceRpc;

/// <summary>
/// NetrSendMessage as whole CL PDUs ([MS-MSRP] §3.2.4.1 over ncadg_ip_udp, protocols.md §7.4–§7.9):
/// parse a request datagram with the interface/version/opnum checks, build a client request and
/// the server's response, fault or reject.
/// </summary>
public static class NetrSendMessage
{
    /// <summary>flags1 of a client request: idempotent | no-fack (0x28), as the example in protocols.md §7.6 and spam tools send.</summary>
    public const ClFlags1 RequestFlags = ClFlags1.Idempotent | ClFlags1.NoFack;

    /// <summary>
    /// Parses a datagram as a NetrSendMessage request. On false, <paramref name="error"/> says what
    /// to do and <paramref name="detail"/> why the PDU or stub was rejected; <paramref name="pdu"/> is
    /// set whenever the datagram was a valid CL PDU (to reply to, or to feed the reassembler).
    /// </summary>
    public static bool TryParseRequestPdu(ReadOnlySpan<byte> datagram, out ClPdu? pdu, out NetrSendMessageRequest? request, out MsrpCallError error, out PacketError detail)
    {
        request = null;
        if (!ClPdu.TryParse(datagram, out pdu, out detail))
        {
            error = MsrpCallError.MalformedPdu;
            return false;
        }

        return TryParseRequest(pdu!.Header, pdu.Body.Span, out request, out error, out detail);
    }

    /// <summary>
    /// Checks a request header and parses its stub; use it directly for a stub reassembled by
    /// <see cref="ClFragmentReassembler"/> (whose header has the fragment flags cleared).
    /// </summary>
    public static bool TryParseRequest(ClPduHeader header, ReadOnlySpan<byte> stub, out NetrSendMessageRequest? request, out MsrpCallError error, out PacketError detail)
    {
        ArgumentNullException.ThrowIfNull(header);
        request = null;
        detail = PacketError.None;
        error = CheckCall(header);
        if (error == MsrpCallError.None && (header.Flags1 & ClFlags1.Fragment) != 0)
        {
            error = MsrpCallError.Fragmented;
        }

        if (error != MsrpCallError.None)
        {
            return false;
        }

        if (!NetrSendMessageRequest.TryParse(stub, header.DataRepresentation, out request, out detail))
        {
            error = MsrpCallError.MalformedStub;
            return false;
        }

        return true;
    }

    /// <summary>ptype request, interface msgsvcsend, if_vers major 1, opnum 0 (protocols.md §7.9).</summary>
    public static MsrpCallError CheckCall(ClPduHeader header)
    {
        ArgumentNullException.ThrowIfNull(header);
        if (header.PacketType != ClPacketType.Request)
        {
            return MsrpCallError.NotARequest;
        }

        if (header.InterfaceId != MsrpInterfaces.MsgSvcSend)
        {
            return MsrpCallError.UnknownInterface;
        }

        if (header.InterfaceVersionMajor != (ushort)MsrpInterfaces.MsgSvcSendVersion)
        {
            return MsrpCallError.UnsupportedVersion;
        }

        return header.OperationNumber != MsrpInterfaces.NetrSendMessageOpnum ? MsrpCallError.OperationOutOfRange : MsrpCallError.None;
    }

    /// <summary>
    /// A client request PDU: flags1 0x28, nil object, msgsvcsend 1.0, opnum 0, server_boot 0 (first
    /// call, [MS-RPCE] §4.3), no hints, the stub in <paramref name="representation"/> (default LE).
    /// </summary>
    public static ClPdu CreateRequestPdu(NetrSendMessageRequest request, Guid activityId, uint sequenceNumber = 0, NdrDataRepresentation? representation = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        var drep = representation ?? NdrDataRepresentation.LittleEndian;
        var header = new ClPduHeader
        {
            PacketType = ClPacketType.Request,
            Flags1 = RequestFlags,
            DataRepresentation = drep,
            InterfaceId = MsrpInterfaces.MsgSvcSend,
            ActivityId = activityId,
            InterfaceVersion = MsrpInterfaces.MsgSvcSendVersion,
            SequenceNumber = sequenceNumber,
            OperationNumber = MsrpInterfaces.NetrSendMessageOpnum,
        };
        return ClPdu.Create(header, request);
    }

    /// <summary>A client request PDU in a new random activity (a v4 UUID).</summary>
    public static ClPdu CreateRequestPdu(NetrSendMessageRequest request) => CreateRequestPdu(request, Guid.NewGuid());

    /// <summary>
    /// The server's RESPONSE: mirrors activity, seqnum, interface, opnum and drep of the request,
    /// sets <paramref name="serverBoot"/> (non-zero) and carries the error_status_t (protocols.md §7.7).
    /// No-fack is set: a one-datagram reply needs no fragment ack; the client still sends an ACK.
    /// </summary>
    public static ClPdu CreateResponsePdu(ClPduHeader request, uint serverBoot, uint status) =>
        ClPdu.Create(Reply(request, ClPacketType.Response, serverBoot), new NetrSendMessageResponse(status));

    /// <summary>A FAULT with an <see cref="NcaStatus"/> (the call ran or its stub was bad).</summary>
    public static ClPdu CreateFaultPdu(ClPduHeader request, uint serverBoot, uint ncaStatus) =>
        ClPdu.Create(Reply(request, ClPacketType.Fault, serverBoot), new ClStatusBody(ncaStatus));

    /// <summary>A REJECT with an <see cref="NcaStatus"/> (the call was refused before running).</summary>
    public static ClPdu CreateRejectPdu(ClPduHeader request, uint serverBoot, uint ncaStatus) =>
        ClPdu.Create(Reply(request, ClPacketType.Reject, serverBoot), new ClStatusBody(ncaStatus));

    /// <summary>WORKING: the call of a PING is running; the client should wait (C706 ch. 12, working PDU; ch. 10, client ping).</summary>
    public static ClPdu CreateWorkingPdu(ClPduHeader ping, uint serverBoot) => ClPdu.Empty(Reply(ping, ClPacketType.Working, serverBoot));

    /// <summary>
    /// NOCALL: the server has not received (all of) the call of a PING (C706 ch. 12, nocall PDU); with
    /// <paramref name="received"/> it carries a fack body saying which fragments did arrive.
    /// </summary>
    public static ClPdu CreateNocallPdu(ClPduHeader ping, uint serverBoot, ushort highestInOrder = 0, ClFackBody? received = null)
    {
        var header = Reply(ping, ClPacketType.Nocall, serverBoot) with { FragmentNumber = received is null ? (ushort)0 : highestInOrder };
        return received is null ? ClPdu.Empty(header) : ClPdu.Create(header, received);
    }

    /// <summary>
    /// FACK for a request fragment whose no-fack flag is clear (C706 ch. 12, fack PDU): fragnum is the
    /// highest fragment received in order, the body says which later ones arrived, the serial number
    /// of the fragment that induced it, and our receive limits.
    /// </summary>
    public static ClPdu CreateFackPdu(ClPduHeader fragment, uint serverBoot, ushort highestInOrder, ClFackBody body)
    {
        ArgumentNullException.ThrowIfNull(fragment);
        return ClPdu.Create(Reply(fragment, ClPacketType.Fack, serverBoot) with { FragmentNumber = highestInOrder }, body);
    }

    /// <summary>The client's ACK after a response (empty body, same activity and seqnum; protocols.md §7.7).</summary>
    public static ClPdu CreateAckPdu(ClPduHeader response)
    {
        ArgumentNullException.ThrowIfNull(response);
        return ClPdu.Empty(response.Reply(ClPacketType.Ack));
    }

    /// <summary>
    /// The reply a server owes for <paramref name="error"/>: reject nca_s_unk_if for a foreign
    /// interface or version, reject nca_s_op_rng_error for another opnum, fault nca_s_fault_ndr for a
    /// bad stub; null when nothing must be sent (malformed, not a request, or a fragment).
    /// </summary>
    public static ClPdu? CreateErrorReply(ClPduHeader request, uint serverBoot, MsrpCallError error) => error switch
    {
        MsrpCallError.UnknownInterface or MsrpCallError.UnsupportedVersion => CreateRejectPdu(request, serverBoot, NcaStatus.nca_s_unk_if),
        MsrpCallError.OperationOutOfRange => CreateRejectPdu(request, serverBoot, NcaStatus.nca_s_op_rng_error),
        MsrpCallError.MalformedStub => CreateFaultPdu(request, serverBoot, NcaStatus.nca_s_fault_ndr),
        _ => null,
    };

    /// <summary>The status of a RESPONSE to NetrSendMessage (false for other PDUs or a bad stub).</summary>
    public static bool TryParseResponse(ClPdu reply, out uint status)
    {
        ArgumentNullException.ThrowIfNull(reply);
        status = 0;
        if (reply.PacketType != ClPacketType.Response ||
            !NetrSendMessageResponse.TryParse(reply.Body.Span, reply.Header.DataRepresentation, out var response, out _))
        {
            return false;
        }

        status = response.Status;
        return true;
    }

    private static ClPduHeader Reply(ClPduHeader request, ClPacketType packetType, uint serverBoot)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.Reply(packetType) with { ServerBoot = serverBoot, Flags1 = ClFlags1.NoFack };
    }
}
