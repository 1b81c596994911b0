namespace Messngr.Wire.DceRpc;

/// <summary>
/// The connectionless PDU types (ptype): C706 §12.5.2, Samba <c>librpc/idl/dcerpc.idl</c>
/// (<c>dcerpc_pkt_type</c>), protocols.md §7.4. Types 11 and up are connection-oriented only.
/// Members are the C706 names in .NET casing (<c>cl_cancel</c> → <see cref="ClCancel"/>).
/// </summary>
public enum ClPacketType : byte
{
    /// <summary>Client → server call (body: NDR stub).</summary>
    Request = 0,
    /// <summary>Client asks whether a call is still alive.</summary>
    Ping = 1,
    /// <summary>Server → client result (body: NDR stub).</summary>
    Response = 2,
    /// <summary>The call failed in the server (body: 4-byte status).</summary>
    Fault = 3,
    /// <summary>Answer to a ping: the call is in progress.</summary>
    Working = 4,
    /// <summary>Answer to a ping: no such call (body: empty or a fack body).</summary>
    Nocall = 5,
    /// <summary>The call was refused before execution (body: 4-byte status).</summary>
    Reject = 6,
    /// <summary>Client acknowledges the response; the server may forget the call.</summary>
    Ack = 7,
    /// <summary>Cancel request (body: version, cancel id).</summary>
    ClCancel = 8,
    /// <summary>Fragment acknowledgement (body: empty or fack body).</summary>
    Fack = 9,
    /// <summary>Cancel acknowledgement (body: version, cancel id, server accepting cancels).</summary>
    CancelAck = 10,
}
