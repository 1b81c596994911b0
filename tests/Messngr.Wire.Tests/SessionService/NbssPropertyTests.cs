using System.Net;
using FsCheck;
using FsCheck.Fluent;
using Messngr.Wire.NetBios;
using Messngr.Wire.NetBios.SessionService;

namespace Messngr.Wire.Tests.SessionService;

public class NbssPropertyTests
{
    private static readonly Gen<byte> Bytes = Gen.Choose(0, 255).Select(i => (byte)i);

    private static readonly Gen<string> Scopes = Gen.OneOf(
        Gen.Constant(string.Empty),
        Gen.Elements("LAB", "CORP.EXAMPLE", "A.B.C"));

    internal static readonly Gen<NetBiosName> Names =
        from raw in Gen.ArrayOf(Bytes, NetBiosName.Length)
        from scope in Scopes
        select NetBiosName.FromRaw(raw, scope);

    private static readonly Gen<NbssPacket> Packets = Gen.OneOf(
        Gen.ArrayOf(Bytes).Select(p => (NbssPacket)new SessionMessagePacket(p)),
        Gen.Zip(Names, Names).Select(n => (NbssPacket)new SessionRequestPacket(n.Item1, n.Item2)),
        Gen.Constant((NbssPacket)PositiveSessionResponsePacket.Instance),
        Gen.Constant((NbssPacket)SessionKeepAlivePacket.Instance),
        Bytes.Select(b => (NbssPacket)new NegativeSessionResponsePacket((NbssErrorCode)b)),
        Gen.Zip(Gen.ArrayOf(Bytes, 4), Gen.Choose(0, 65535)).Select(a => (NbssPacket)new RetargetSessionResponsePacket(new IPAddress(a.Item1), (ushort)a.Item2)));

    [Fact]
    public void Every_packet_type_round_trips() =>
        Prop.ForAll(Packets.ToArbitrary(), packet =>
        {
            var bytes = packet.ToArray();
            Assert.Equal(packet.EncodedLength, bytes.Length);
            Assert.True(NbssPacket.TryParse(bytes, out var read, out var error), error.ToString());
            Assert.Equal(packet, read);
            Assert.Equal(bytes, read!.ToArray());
        }).QuickCheckThrowOnFailure();

    [Fact]
    public void Any_sequence_of_packets_frames_back_identically_however_it_is_split() =>
        Prop.ForAll(Gen.Zip(Gen.ListOf(Packets), Gen.Choose(0, 1000)).ToArbitrary(), input =>
        {
            var (packets, cutSeed) = input;
            var stream = packets.SelectMany(p => p.ToArray()).ToArray();
            var cut = stream.Length == 0 ? 0 : cutSeed % (stream.Length + 1);
            var frames = NbssStream.ReadAll(Segments.Split(stream, cut), NbssPacket.MaxBodyLength);
            Assert.Equal(packets, frames);
        }).QuickCheckThrowOnFailure();
}
