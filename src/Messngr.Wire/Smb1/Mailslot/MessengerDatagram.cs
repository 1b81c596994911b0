using System.Diagnostics.CodeAnalysis;
using System.Net;
using Messngr.Wire.NetBios;
using Messngr.Wire.NetBios.DatagramService;

namespace Messngr.Wire.Smb1.Mailslot;

/// <summary>
/// A whole Messenger datagram on UDP 138 (protocols.md §3, §4.1–4.3): an NBDS datagram
/// (0x10–0x12) whose user data is a <see cref="MailslotWrite"/> to <c>\MAILSLOT\MESSNGR</c>
/// whose Databytes are a <see cref="MessengerMailslotMessage"/>. The three layers are consistent
/// by construction (only <see cref="Read"/> and the <c>Create…</c> builders make one).
/// Parsing fails with <see cref="PacketError.UnknownType"/> for other NBDS types or other mailslots.
/// </summary>
public sealed record MessengerDatagram : IWirePacket<MessengerDatagram>
{
    private MessengerDatagram(NbdsDatagram datagram, MailslotWrite mailslot, MessengerMailslotMessage message)
    {
        Datagram = datagram;
        Mailslot = mailslot;
        Message = message;
    }

    /// <summary>The NBDS layer; its user data is the encoded <see cref="Mailslot"/>.</summary>
    public NbdsDatagram Datagram { get; }

    /// <summary>The SMB transaction; its data is the encoded <see cref="Message"/>.</summary>
    public MailslotWrite Mailslot { get; }

    public MessengerMailslotMessage Message { get; }

    public int EncodedLength => Datagram.EncodedLength;

    /// <summary>
    /// A directed Messenger datagram: DIRECT_UNIQUE (0x10) from <paramref name="sourceName"/>
    /// (e.g. <c>COMPUTER&lt;00&gt;</c>) to <paramref name="destinationName"/> (<c>NAME&lt;03&gt;</c>),
    /// sent to that name's resolved address ([MS-MSRP] 3.2.4.4, protocols.md §4.3).
    /// </summary>
    public static MessengerDatagram CreateDirected(NetBiosName sourceName, IPAddress sourceIp, NetBiosName destinationName, MessengerMailslotMessage message,
        ushort datagramId, MailslotPadding padding = MailslotPadding.None, NbdsNodeType nodeType = NbdsNodeType.B_NODE) =>
        Create(NbdsMessageType.DIRECT_UNIQUE_DATAGRAM, sourceName, sourceIp, destinationName, message, datagramId, padding, nodeType);

    /// <summary>
    /// A workgroup/domain broadcast (<c>net send *</c>, <c>/domain</c>): DIRECT_GROUP (0x11) to
    /// <paramref name="groupName"/> (<c>WORKGROUP&lt;00&gt;</c>), sent to the subnet broadcast
    /// address; To in the payload is normally the workgroup name (protocols.md §4.3).
    /// </summary>
    public static MessengerDatagram CreateGroupBroadcast(NetBiosName sourceName, IPAddress sourceIp, NetBiosName groupName, MessengerMailslotMessage message,
        ushort datagramId, MailslotPadding padding = MailslotPadding.None, NbdsNodeType nodeType = NbdsNodeType.B_NODE) =>
        Create(NbdsMessageType.DIRECT_GROUP_DATAGRAM, sourceName, sourceIp, groupName, message, datagramId, padding, nodeType);

    /// <summary>Parses a whole UDP 138 payload. Never throws on bad input.</summary>
    public static bool TryParse(ReadOnlySpan<byte> bytes, [NotNullWhen(true)] out MessengerDatagram? datagram, out PacketError error) =>
        WirePacket.TryParse(bytes, out datagram, out error);

    public static MessengerDatagram Read(ref WireReader reader)
    {
        var start = reader.AbsolutePosition;
        var packet = NbdsPacket.Read(ref reader);
        if (packet is not NbdsDatagram datagram)
        {
            throw new MalformedPacketException(PacketError.UnknownType, start);
        }

        // Re-walk the user data with a sub-reader so errors carry offsets in the whole datagram.
        var end = reader.Position;
        reader.Seek(end - datagram.UserData.Length);
        var smb = reader.ReadSubReader(datagram.UserData.Length);
        var mailslot = MailslotWrite.Read(ref smb);
        if (!mailslot.IsFor(MailslotWrite.MessengerName))
        {
            smb.Seek(MailslotWrite.NameOffset);
            smb.Fail(PacketError.UnknownType);
        }

        smb.Seek(mailslot.DataOffset);
        var data = smb.ReadSubReader(mailslot.DataCount);
        var message = MessengerMailslotMessage.Read(ref data);
        if (!data.IsAtEnd)
        {
            data.Fail(PacketError.TrailingBytes);
        }

        return new MessengerDatagram(datagram, mailslot, message);
    }

    public void Write(ref WireWriter writer) => Datagram.Write(ref writer);

    /// <summary>The UDP 138 payload.</summary>
    public byte[] ToArray() => WirePacket.ToArray(this);

    private static MessengerDatagram Create(NbdsMessageType type, NetBiosName sourceName, IPAddress sourceIp, NetBiosName destinationName,
        MessengerMailslotMessage message, ushort datagramId, MailslotPadding padding, NbdsNodeType nodeType)
    {
        ArgumentNullException.ThrowIfNull(sourceName);
        ArgumentNullException.ThrowIfNull(destinationName);
        ArgumentNullException.ThrowIfNull(message);
        if (message.EncodedLength > MessageLimits.MailslotPayloadBytes)
        {
            throw new ArgumentException(
                $"the Messenger mailslot payload (From, To, Text and their NULs) is {message.EncodedLength} bytes; the limit is {MessageLimits.MailslotPayloadBytes} "
                + $"([MS-MAIL] 2.1): shorten the text by {message.EncodedLength - MessageLimits.MailslotPayloadBytes} bytes or send it over an SMB session",
                nameof(message));
        }

        var mailslot = MailslotWrite.Create(MailslotWrite.MessengerName, WirePacket.ToArray(message), padding);
        var datagram = new NbdsDatagram
        {
            MessageType = type,
            Flags = NbdsFlags.Create(nodeType),
            DatagramId = datagramId,
            SourceIp = sourceIp,
            SourceName = sourceName,
            DestinationName = destinationName,
            UserData = WirePacket.ToArray(mailslot),
        };
        return new MessengerDatagram(datagram, mailslot, message);
    }
}
