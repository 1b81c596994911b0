namespace Messngr.Wire.Native;

/// <summary>
/// The frame TYPE byte of the messngr native protocol, version 1 (docs/native-protocol.md §4.2).
/// Names follow the spec's frame names (HELLO, HELLO-ACK, …).
/// </summary>
public enum NativeFrameType : byte
{
    /// <summary>§5.1: the connecting side's first frame.</summary>
    Hello = 0x01,

    /// <summary>§5.2: the accepting side's answer to HELLO.</summary>
    HelloAck = 0x02,

    /// <summary>§5.3: one message for one recipient name.</summary>
    Message = 0x10,

    /// <summary>§5.4: stored / displayed / read / refused for one message id.</summary>
    Receipt = 0x11,

    /// <summary>§5.5: confirms an unsolicited RECEIPT was committed.</summary>
    Ack = 0x12,

    /// <summary>§5.6: liveness probe carrying 8 opaque bytes.</summary>
    Ping = 0x20,

    /// <summary>§5.6: PING's answer, echoing its 8 bytes.</summary>
    Pong = 0x21,

    /// <summary>§5.7: the sender starts no new requests on this connection.</summary>
    Goodbye = 0x30,

    /// <summary>§5.8: a fatal error; the sender closes the connection after it.</summary>
    Error = 0x3F,
}
