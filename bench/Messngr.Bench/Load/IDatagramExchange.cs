namespace Messngr.Bench.Load;

/// <summary>
/// One request/reply datagram protocol for <see cref="DatagramWindowLoad"/>: writes request number
/// <c>sequence</c> carrying <c>tag</c> (its slot in the pending table), and recognises a correct
/// positive reply, giving back its tag. Both run on the load's hot path: patch prebuilt bytes.
/// </summary>
public interface IDatagramExchange
{
    int WriteRequest(ushort tag, long sequence, Span<byte> buffer);

    bool TryMatchReply(ReadOnlySpan<byte> reply, out ushort tag);
}
