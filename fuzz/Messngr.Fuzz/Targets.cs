using Messngr.Wire;
using Messngr.Wire.DceRpc;
using Messngr.Wire.Native;
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
        new("native", "native frames over a TLS byte stream, TCP 2426 (NativeFrameReader.Read)", NativeStreamTarget),
        new("announce", "LAN discovery datagram, UDP 2426 (DiscoveryDatagram)", AnnounceTarget),
    ];

    // Cut as the TLS listener does. The encoding is canonical (docs/native-protocol.md §2), so
    // every frame read must write back to exactly the bytes it was read from; a fault must make
    // an ERROR frame that parses.
    private static void NativeStreamTarget(ReadOnlyMemory<byte> input)
    {
        var buffer = new System.Buffers.ReadOnlySequence<byte>(input);
        for (var frames = 0; frames < 1024; frames++)
        {
            var result = NativeFrameReader.Read(buffer);
            if (result.Status == NativeReadStatus.Malformed && !NativeFrame.TryParse(result.Fault.ToErrorFrame().ToArray(), out _, out _))
            {
                throw new RoundTripViolationException($"the ERROR for {result.Fault} does not parse");
            }

            if (result.Status != NativeReadStatus.Frame)
            {
                return;
            }

            var bytes = result.Frame!.ToArray();
            if (!bytes.AsSpan().SequenceEqual(System.Buffers.BuffersExtensions.ToArray(buffer.Slice(0, result.Consumed))))
            {
                throw new RoundTripViolationException($"{result.Frame.Type} frame did not write back to the bytes it was read from");
            }

            buffer = buffer.Slice(result.Consumed);
        }
    }

    private static void AnnounceTarget(ReadOnlyMemory<byte> input)
    {
        RoundTrip.Check<DiscoveryDatagram>(input.Span);
        if (DiscoveryDatagram.TryParse(input.Span, out var datagram, out _) && !datagram!.ToArray().AsSpan().SequenceEqual(input.Span))
        {
            throw new RoundTripViolationException("a discovery datagram did not write back to the bytes it was read from");
        }
    }

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
