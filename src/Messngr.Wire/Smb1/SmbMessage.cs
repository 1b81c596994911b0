using Messngr.Wire.NetBios.SessionService;

namespace Messngr.Wire.Smb1;

/// <summary>
/// [MS-CIFS] 2.2.3 one SMB1 message — header plus the typed body of its command — the codec
/// root of an NBSS session message's payload (protocols.md §6). The body type follows Command
/// and the reply flag: requests and success replies of 0x72 and 0xD0–0xD7 are typed, error
/// replies (Status ≠ 0) and other commands are <see cref="SmbRawBody"/>. An SMB2 header
/// (0xFE 'SMB') is reported as <see cref="PacketError.Unsupported"/>, other magics as
/// <see cref="PacketError.BadMagic"/>.
/// </summary>
public sealed record SmbMessage(SmbHeader Header, SmbBody Body) : IWirePacket<SmbMessage>
{
    public int EncodedLength => SmbHeader.Length + Body.EncodedLength;

    public SmbCommand Command => Header.Command;

    public static bool TryParse(ReadOnlySpan<byte> bytes, out SmbMessage? value, out PacketError error) =>
        WirePacket.TryParse(bytes, out value, out error);

    /// <summary>True when the bytes start with an SMB2/3 protocol id (0xFE 'SMB'), which this codec refuses.</summary>
    public static bool IsSmb2(ReadOnlySpan<byte> bytes) =>
        bytes.Length >= 4 && bytes[0] == 0xFE && bytes[1] == (byte)'S' && bytes[2] == (byte)'M' && bytes[3] == (byte)'B';

    /// <summary>A request with the header [MS-MSRP] 2.2.3.1.1 asks for (all zero but the command).</summary>
    public static SmbMessage Request(SmbCommand command, SmbBody body, ushort pidLow = 0, ushort mid = 0) =>
        new(SmbHeader.ForRequest(command, pidLow, mid), body);

    /// <summary>A success reply to <paramref name="request"/> (see <see cref="SmbHeader.ForReply"/>).</summary>
    public static SmbMessage Reply(SmbHeader request, SmbBody body) => new(SmbHeader.ForReply(request), body);

    public static SmbMessage Read(ref WireReader reader)
    {
        var header = SmbHeader.Read(ref reader);
        var body = ReadBody(header, ref reader);
        return new SmbMessage(header, body);
    }

    public void Write(ref WireWriter writer)
    {
        Header.Write(ref writer);
        Body.Write(ref writer);
    }

    public byte[] ToArray() => WirePacket.ToArray(this);

    /// <summary>This SMB inside an NBSS session message (<c>00 00 LENGTH</c> header), ready for TCP 139.</summary>
    public byte[] ToSessionMessage()
    {
        var length = EncodedLength;
        var buffer = new byte[NbssPacket.HeaderLength + length];
        var writer = new WireWriter(buffer);
        writer.WriteByte((byte)NbssPacketType.SessionMessage);
        writer.WriteByte((byte)(length >> 16));
        writer.WriteUInt16BigEndian((ushort)length);
        Write(ref writer);
        return buffer;
    }

    private static SmbBody ReadBody(SmbHeader header, ref WireReader reader)
    {
        if (header.IsReply && header.IsError)
        {
            return SmbRawBody.Read(ref reader);
        }

        return (header.Command, header.IsReply) switch
        {
            (SmbCommand.SMB_COM_NEGOTIATE, false) => NegotiateRequest.Read(ref reader),
            (SmbCommand.SMB_COM_NEGOTIATE, true) => reader.PeekByte() switch
            {
                17 => NegotiateNtLmResponse.Read(ref reader),
                1 => NegotiateCoreResponse.Read(ref reader),
                _ => SmbRawBody.Read(ref reader), // older dialects' replies (LANMAN: 13 words)
            },
            (SmbCommand.SMB_COM_SEND_MESSAGE or SmbCommand.SMB_COM_SEND_BROADCAST_MESSAGE, false) => SendMessageRequest.Read(ref reader),
            (SmbCommand.SMB_COM_FORWARD_USER_NAME or SmbCommand.SMB_COM_CANCEL_FORWARD, false) => ForwardedNameRequest.Read(ref reader),
            (SmbCommand.SMB_COM_GET_MACHINE_NAME, false) => SmbEmptyBody.Read(ref reader),
            (SmbCommand.SMB_COM_GET_MACHINE_NAME, true) => GetMachineNameResponse.Read(ref reader),
            (SmbCommand.SMB_COM_SEND_START_MB_MESSAGE, false) => SendStartMbRequest.Read(ref reader),
            (SmbCommand.SMB_COM_SEND_START_MB_MESSAGE, true) => SendStartMbResponse.Read(ref reader),
            (SmbCommand.SMB_COM_SEND_TEXT_MB_MESSAGE, false) => SendTextMbRequest.Read(ref reader),
            (SmbCommand.SMB_COM_SEND_END_MB_MESSAGE, false) => SendEndMbRequest.Read(ref reader),
            (SmbCommand.SMB_COM_SEND_MESSAGE or SmbCommand.SMB_COM_SEND_BROADCAST_MESSAGE or SmbCommand.SMB_COM_FORWARD_USER_NAME
                or SmbCommand.SMB_COM_CANCEL_FORWARD or SmbCommand.SMB_COM_SEND_TEXT_MB_MESSAGE or SmbCommand.SMB_COM_SEND_END_MB_MESSAGE, true)
                => SmbEmptyBody.Read(ref reader),
            _ => SmbRawBody.Read(ref reader),
        };
    }
}
