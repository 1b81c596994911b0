using System.Buffers.Binary;
using System.Security.Cryptography;
using Messngr.Wire;
using Messngr.Wire.DceRpc;

namespace Messngr.Bench.Load;

/// <summary>
/// [MS-MSRP] NetrSendMessage over connectionless DCE/RPC (protocols.md §7.4–7.6): one request PDU
/// built with the Wire codec, each call in its own activity — the activity id (header offset 40)
/// carries the tag (2 bytes), the sequence number (6) and a random part per load (8), drawn anew when
/// a load starts (sequence 0): a call of an earlier load (the warm-up, a previous repeat) would
/// otherwise be a retransmission to messngr, answered from its at-most-once cache without being
/// stored (at-most-once execution, DCE 1.1 RPC), and counted as a delivery the store never saw. A correct reply
/// is a RESPONSE (ptype 2) of that activity whose error_status_t is NERR_Success. No ACK is sent
/// (messngr keeps no per-activity state for one that never comes).
/// </summary>
public sealed class NetrSendMessageExchange : IDatagramExchange
{
    private const int ActivityOffset = 40;
    private readonly byte[] _request;

    public NetrSendMessageExchange(string from, string to, string text)
    {
        _request = WirePacket.ToArray(NetrSendMessage.CreateRequestPdu(NetrSendMessageRequest.Create(from, to, text), Guid.NewGuid()));
        RandomNumberGenerator.Fill(_request.AsSpan(ActivityOffset + 8, 8));
    }

    public int WriteRequest(ushort tag, long sequence, Span<byte> buffer)
    {
        if (sequence == 0)
        {
            RandomNumberGenerator.Fill(_request.AsSpan(ActivityOffset + 8, 8));
        }

        _request.CopyTo(buffer);
        BinaryPrimitives.WriteUInt16LittleEndian(buffer[ActivityOffset..], tag);
        BinaryPrimitives.WriteUInt32LittleEndian(buffer[(ActivityOffset + 2)..], (uint)sequence);
        BinaryPrimitives.WriteUInt16LittleEndian(buffer[(ActivityOffset + 6)..], (ushort)(sequence >> 32));
        return _request.Length;
    }

    public bool TryMatchReply(ReadOnlySpan<byte> reply, out ushort tag)
    {
        tag = 0;
        if (reply.Length < ClPduHeader.Length + 4 || reply[1] != (byte)ClPacketType.Response
            || !reply.Slice(ActivityOffset + 8, 8).SequenceEqual(_request.AsSpan(ActivityOffset + 8, 8))
            || BinaryPrimitives.ReadUInt32LittleEndian(reply[ClPduHeader.Length..]) != MsrpStatus.NERR_Success)
        {
            return false;
        }

        tag = BinaryPrimitives.ReadUInt16LittleEndian(reply[ActivityOffset..]);
        return true;
    }
}
