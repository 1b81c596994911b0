namespace Messngr.Wire.DceRpc;

/// <summary>
/// Why a datagram is not a NetrSendMessage call we can run (protocols.md §7.9), and so what to
/// answer: see <see cref="NetrSendMessage.CreateErrorReply"/>.
/// </summary>
public enum MsrpCallError
{
    None = 0,
    /// <summary>Not a valid CL PDU: drop, never answer (style.md: no reply to garbage).</summary>
    MalformedPdu,
    /// <summary>A CL PDU other than a request (ack, ping, …): not for the call parser.</summary>
    NotARequest,
    /// <summary>One fragment of a larger request (flags1 0x04): feed <see cref="ClFragmentReassembler"/>.</summary>
    Fragmented,
    /// <summary>Interface is not msgsvcsend: reject with nca_s_unk_if.</summary>
    UnknownInterface,
    /// <summary>msgsvcsend with if_vers major ≠ 1: reject with nca_s_unk_if.</summary>
    UnsupportedVersion,
    /// <summary>Opnum ≠ 0: reject with nca_s_op_rng_error.</summary>
    OperationOutOfRange,
    /// <summary>The stub does not unmarshal (bad NDR string): fault with nca_s_fault_ndr.</summary>
    MalformedStub,
}
