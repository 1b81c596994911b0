namespace Messngr.Wire.NetBios.SessionService;

/// <summary>
/// RFC 1002 4.3.6 SESSION MESSAGE (TYPE 0x00): the payload is one SMB (protocols.md §5.1).
/// The payload is a copy owned by the packet; equality compares its bytes.
/// </summary>
public sealed record SessionMessagePacket : NbssPacket
{
    public SessionMessagePacket(ReadOnlyMemory<byte> payload)
    {
        if (payload.Length > MaxBodyLength)
        {
            throw new ArgumentException($"an NBSS session message carries at most {MaxBodyLength} bytes, got {payload.Length}", nameof(payload));
        }

        Payload = payload;
    }

    public ReadOnlyMemory<byte> Payload { get; }

    public override NbssPacketType Type => NbssPacketType.SessionMessage;

    public override int BodyLength => Payload.Length;

    public bool Equals(SessionMessagePacket? other) => other is not null && Payload.Span.SequenceEqual(other.Payload.Span);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.AddBytes(Payload.Span);
        return hash.ToHashCode();
    }

    internal static SessionMessagePacket ReadBody(ref WireReader body) => new(body.ReadRemaining().ToArray());

    private protected override void WriteBody(ref WireWriter writer) => writer.WriteBytes(Payload.Span);
}
