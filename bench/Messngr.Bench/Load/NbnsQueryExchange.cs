using System.Buffers.Binary;
using Messngr.Wire.NetBios;
using Messngr.Wire.NetBios.NameService;

namespace Messngr.Bench.Load;

/// <summary>
/// Unicast NAME QUERY REQUEST for NAME&lt;00&gt; (protocols.md §2.3, FLAGS 0x0100), built once with
/// the Wire codec; each request patches NAME_TRN_ID with its tag. A correct reply echoes the id
/// and is a POSITIVE NAME QUERY RESPONSE: R and opcode 0, RCODE 0, ANCOUNT 1.
/// </summary>
public sealed class NbnsQueryExchange : IDatagramExchange
{
    private readonly byte[] _query;

    public NbnsQueryExchange(string name) =>
        _query = NbnsPackets.NameQuery(0, NetBiosName.Create(name, NetBiosName.SuffixWorkstation), broadcast: false).ToArray();

    public int WriteRequest(ushort tag, long sequence, Span<byte> buffer)
    {
        _query.CopyTo(buffer);
        BinaryPrimitives.WriteUInt16BigEndian(buffer, tag);
        return _query.Length;
    }

    public bool TryMatchReply(ReadOnlySpan<byte> reply, out ushort tag)
    {
        tag = 0;
        if (reply.Length < 12)
        {
            return false;
        }

        var flags = BinaryPrimitives.ReadUInt16BigEndian(reply[2..]);
        if ((flags & 0xF80F) != 0x8000 || BinaryPrimitives.ReadUInt16BigEndian(reply[6..]) != 1)
        {
            return false;
        }

        tag = BinaryPrimitives.ReadUInt16BigEndian(reply);
        return true;
    }
}
