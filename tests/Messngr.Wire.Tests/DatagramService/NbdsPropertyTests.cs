using System.Net;
using FsCheck;
using FsCheck.Fluent;
using Messngr.Wire.NetBios;
using Messngr.Wire.NetBios.DatagramService;
using Messngr.Wire.Smb1;
using Messngr.Wire.Smb1.Mailslot;

namespace Messngr.Wire.Tests.DatagramService;

/// <summary>Random valid values of every packet type: write → read gives the same value and EncodedLength bytes.</summary>
public class NbdsPropertyTests
{
    private static readonly Gen<byte> AnyByte = Gen.Choose(0, 255).Select(b => (byte)b);

    private static readonly Gen<ushort> AnyUShort = Gen.Choose(0, ushort.MaxValue).Select(v => (ushort)v);

    private static readonly Gen<IPAddress> AnyIPv4 = Gen.ArrayOf(AnyByte, 4).Select(b => new IPAddress(b));

    private static readonly Gen<string> Scope = Gen.Elements("", "", "LAB", "CORP.EXAMPLE", "A.B-C.D1");

    private static readonly Gen<NetBiosName> AnyName =
        Gen.ArrayOf(AnyByte, NetBiosName.Length).SelectMany(raw => Scope.Select(scope => NetBiosName.FromRaw(raw, scope)));

    private static readonly Gen<NbdsFlags> AnyFlags = AnyByte.Select(b => new NbdsFlags(b));

    private static Gen<byte[]> Bytes(int max) => Gen.Choose(0, max).SelectMany(n => Gen.ArrayOf(AnyByte, n));

    private static Gen<byte[]> NonNulBytes(int max) => Gen.Choose(0, max).SelectMany(n => Gen.ArrayOf(Gen.Choose(1, 255).Select(b => (byte)b), n));

    private static readonly Gen<NbdsDatagram> AnyDatagram =
        from type in Gen.Elements(NbdsMessageType.DIRECT_UNIQUE_DATAGRAM, NbdsMessageType.DIRECT_GROUP_DATAGRAM, NbdsMessageType.BROADCAST_DATAGRAM)
        from flags in AnyFlags
        from id in AnyUShort
        from ip in AnyIPv4
        from port in AnyUShort
        from offset in AnyUShort
        from source in AnyName
        from destination in AnyName
        from data in Bytes(600)
        select new NbdsDatagram
        {
            MessageType = type, Flags = flags, DatagramId = id, SourceIp = ip, SourcePort = port,
            PacketOffset = offset, SourceName = source, DestinationName = destination, UserData = data,
        };

    private static readonly Gen<NbdsPacket> AnyPacket = Gen.OneOf(
        AnyDatagram.Select(d => (NbdsPacket)d),
        AnyDatagram.SelectMany(d => Gen.Choose(0, d.Length).Select(len => (NbdsPacket)(d with { DeclaredLength = len == d.Length ? null : (ushort)len }))),
        from code in Gen.Elements(NbdsErrorCode.DESTINATION_NAME_NOT_PRESENT, NbdsErrorCode.INVALID_SOURCE_NAME_FORMAT, NbdsErrorCode.INVALID_DESTINATION_NAME_FORMAT)
        from flags in AnyFlags
        from id in AnyUShort
        from ip in AnyIPv4
        select (NbdsPacket)new NbdsErrorPacket { ErrorCode = code, Flags = flags, DatagramId = id, SourceIp = ip },
        from type in Gen.Elements(NbdsMessageType.DATAGRAM_QUERY_REQUEST, NbdsMessageType.DATAGRAM_POSITIVE_QUERY_RESPONSE, NbdsMessageType.DATAGRAM_NEGATIVE_QUERY_RESPONSE)
        from id in AnyUShort
        from ip in AnyIPv4
        from port in AnyUShort
        from name in AnyName
        select (NbdsPacket)new NbdsQueryPacket { MessageType = type, DatagramId = id, SourceIp = ip, SourcePort = port, DestinationName = name });

    private static readonly Gen<string> MailslotName =
        from prefix in Gen.Elements(@"\MAILSLOT\", @"\mailslot\", @"\MailSlot\")
        from length in Gen.Choose(0, 40)
        from tail in Gen.ArrayOf(Gen.Choose(0x01, 0xFF).Select(c => (char)c), length)
        select prefix + new string(tail);

    private static readonly Gen<MailslotWrite> AnyMailslotWrite =
        from name in MailslotName
        from data in Bytes(500)
        from padding in Bytes(8)
        from priority in AnyUShort
        from cls in AnyUShort
        from timeout in Gen.Choose(0, int.MaxValue)
        from maxParams in AnyUShort
        from parameterOffset in AnyUShort
        from flags in AnyByte
        from flags2 in AnyUShort
        from pid in AnyUShort
        from declared in Gen.Elements(false, false, true)
        let write = new MailslotWrite
        {
            Header = MailslotWrite.SambaHeader with { Flags = (SmbFlags)flags, Flags2 = (SmbFlags2)flags2, PidLow = pid },
            Name = name, Data = data, Padding = padding, Priority = priority, Class = (MailslotClass)cls,
            Timeout = (uint)timeout, MaxParameterCount = maxParams, ParameterOffset = parameterOffset,
        }
        select declared && write.ByteCount > 0 ? write with { DeclaredByteCount = (ushort)(write.ByteCount - 1) } : write;

    private static readonly Gen<MessengerMailslotMessage> AnyMessage =
        from sender in NonNulBytes(MessengerMailslotMessage.MaxNameBytes)
        from to in NonNulBytes(MessengerMailslotMessage.MaxNameBytes)
        from text in NonNulBytes(MessengerMailslotMessage.MaxTextBytes)
        from terminated in Gen.Elements(true, true, false)
        select new MessengerMailslotMessage { From = sender, To = to, Text = text, TextTerminated = terminated };

    private static readonly Gen<MessengerDatagram> AnyMessengerDatagram =
        from isGroup in Gen.Elements(true, false)
        from source in AnyName
        from destination in AnyName
        from ip in AnyIPv4
        from id in AnyUShort
        from padding in Gen.Elements(MailslotPadding.None, MailslotPadding.Align4)
        from nodeType in Gen.Elements(NbdsNodeType.B_NODE, NbdsNodeType.P_NODE, NbdsNodeType.M_NODE, NbdsNodeType.NBDD)
        from message in AnyMessage.Where(m => m.EncodedLength <= MessageLimits.MailslotPayloadBytes)
        select isGroup
            ? MessengerDatagram.CreateGroupBroadcast(source, ip, destination, message, id, padding, nodeType)
            : MessengerDatagram.CreateDirected(source, ip, destination, message, id, padding, nodeType);

    [Fact]
    public void Any_nbds_packet_round_trips() => RoundTrips(AnyPacket, NbdsPacket.TryParse);

    [Fact]
    public void Any_mailslot_write_round_trips() => RoundTrips(AnyMailslotWrite, MailslotWrite.TryParse);

    [Fact]
    public void Any_messenger_payload_round_trips() => RoundTrips(AnyMessage, MessengerMailslotMessage.TryParse);

    [Fact]
    public void Any_built_messenger_datagram_round_trips() => RoundTrips(AnyMessengerDatagram, MessengerDatagram.TryParse);

    [Fact]
    public void Any_datagram_fragments_into_packets_that_reassemble_to_its_user_data()
    {
        Prop.ForAll(AnyDatagram.ToArbitrary(), Gen.Choose(1, 700).ToArbitrary(), (datagram, max) =>
        {
            var fragments = datagram.Fragment(max);
            Assert.True(fragments[0].Flags.First);
            Assert.All(fragments.Skip(1), f => Assert.False(f.Flags.First));
            Assert.All(fragments.SkipLast(1), f => Assert.True(f.Flags.More));
            Assert.False(fragments[^1].Flags.More);
            Assert.All(fragments, f => Assert.True(f.UserData.Length <= max));
            var reassembled = new byte[datagram.UserData.Length];
            foreach (var fragment in fragments)
            {
                Assert.True(NbdsPacket.TryParse(fragment.ToArray(), out var parsed, out _));
                var piece = Assert.IsType<NbdsDatagram>(parsed);
                Assert.Equal(datagram.DatagramId, piece.DatagramId);
                piece.UserData.Span.CopyTo(reassembled.AsSpan(piece.PacketOffset));
            }

            Assert.Equal(datagram.UserData.ToArray(), reassembled);
        }).QuickCheckThrowOnFailure();
    }

    /// <summary>write → read gives an equal value and the same bytes; <see cref="WirePacket.ToArray{T}"/> checks EncodedLength.</summary>
    private static void RoundTrips<T>(Gen<T> gen, Support.Golden.TryParse<T> parse)
        where T : class, IWirePacket<T>
    {
        Prop.ForAll(gen.ToArbitrary(), value =>
        {
            var bytes = WirePacket.ToArray(value);
            Assert.True(parse(bytes, out var again, out var error), error.ToString());
            Assert.Equal(value, again);
            Assert.Equal(Support.Hex.Format(bytes), Support.Hex.Format(WirePacket.ToArray(again!)));
        }).QuickCheckThrowOnFailure();
    }
}
