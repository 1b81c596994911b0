using Messngr.Wire;
using Messngr.Wire.DceRpc;
using Messngr.Wire.NetBios;
using Messngr.Wire.NetBios.DatagramService;
using Messngr.Wire.NetBios.NameService;
using Messngr.Wire.NetBios.SessionService;
using Messngr.Wire.Smb1;
using Messngr.Wire.Smb1.Mailslot;

namespace Messngr.Fuzz;

/// <summary>Every codec root, as a fuzz target.</summary>
internal static class Targets
{
    public static IReadOnlyList<FuzzTarget> All { get; } =
    [
        new("name", "NetBIOS name labels, scope and pointers (NetBiosNameCodec)", NetBiosNameTarget),
        new("nbns", "NBNS datagram, UDP 137 (NbnsPacket)", input => RoundTrip.Check<NbnsPacket>(input.Span)),
        new("nbds", "NBDS datagram, UDP 138 (NbdsPacket)", input => RoundTrip.Check<NbdsPacket>(input.Span)),
        new("mailslot", "SMB_COM_TRANSACTION mailslot write (MailslotWrite)", input => RoundTrip.Check<MailslotWrite>(input.Span)),
        new("messngr", "From/To/Text payload of \\MAILSLOT\\MESSNGR (MessengerMailslotMessage)", input => RoundTrip.Check<MessengerMailslotMessage>(input.Span)),
        new("dgram", "whole Messenger datagram, three layers (MessengerDatagram)", input => RoundTrip.Check<MessengerDatagram>(input.Span)),
        new("clpdu", "connectionless DCE/RPC PDU, UDP 135 (ClPdu)", input => RoundTrip.Check<ClPdu>(input.Span)),
        new("nbss", "NBSS frames over a TCP byte stream, TCP 139 (NbssPacket.TryReadFrame)", NbssStreamTarget),
        new("smb", "SMB1 header and message commands (SmbMessage)", input => RoundTrip.Check<SmbMessage>(input.Span)),
        new("msrp", "NetrSendMessage request PDU and stub (NetrSendMessage.TryParseRequestPdu)", MsrpTarget),
    ];

    // The stream is cut into frames as the listener does; each complete frame must round trip.
    private static void NbssStreamTarget(ReadOnlyMemory<byte> input)
    {
        var buffer = new System.Buffers.ReadOnlySequence<byte>(input);
        for (var frames = 0; frames < 1024; frames++)
        {
            if (NbssPacket.TryReadFrame(ref buffer, out var frame, out _) != NbssReadResult.Frame)
            {
                return;
            }

            var bytes = frame!.ToArray();
            if (!NbssPacket.TryParse(bytes, out var again, out var error) || !again!.ToArray().AsSpan().SequenceEqual(bytes))
            {
                throw new RoundTripViolationException($"NBSS frame did not survive a round trip ({error})");
            }
        }
    }

    private static void MsrpTarget(ReadOnlyMemory<byte> input)
    {
        RoundTrip.Check<NetrSendMessageRequest>(input.Span);
        if (NetrSendMessage.TryParseRequestPdu(input.Span, out var pdu, out var request, out _, out _))
        {
            var rebuilt = NetrSendMessage.CreateRequestPdu(request!, pdu!.Header.ActivityId, pdu.Header.SequenceNumber, pdu.Header.DataRepresentation);
            if (!NetrSendMessage.TryParseRequestPdu(rebuilt.ToArray(), out _, out var again, out _, out _) || !again!.Equals(request))
            {
                throw new RoundTripViolationException("NetrSendMessage request did not survive a rebuild");
            }
        }
    }

    private static void NetBiosNameTarget(ReadOnlyMemory<byte> input)
    {
        NetBiosName name;
        try
        {
            var reader = new WireReader(input.Span);
            name = NetBiosNameCodec.Read(ref reader, allowPointers: true, out _);
        }
        catch (MalformedPacketException)
        {
            return;
        }

        var buffer = new byte[NetBiosNameCodec.GetEncodedLength(name)];
        var writer = new WireWriter(buffer);
        NetBiosNameCodec.Write(ref writer, name);
        var again = new WireReader(buffer);
        if (NetBiosNameCodec.Read(ref again, allowPointers: false, out _) != name)
        {
            throw new RoundTripViolationException($"name {name} did not survive a round trip");
        }
    }
}
