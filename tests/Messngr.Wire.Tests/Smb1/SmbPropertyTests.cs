using FsCheck;
using FsCheck.Fluent;
using Messngr.Wire.Smb1;

namespace Messngr.Wire.Tests.Smb1;

public class SmbPropertyTests
{
    private static readonly Gen<byte> Bytes = Gen.Choose(0, 255).Select(i => (byte)i);

    private static readonly Gen<ushort> UInt16s = Gen.Choose(0, 65535).Select(i => (ushort)i);

    private static readonly Gen<uint> UInt32s = Gen.Zip(UInt16s, UInt16s).Select(p => (uint)p.Item1 << 16 | p.Item2);

    private static readonly Gen<byte[]> Names = Gen.Choose(0, 40).SelectMany(n => Gen.ArrayOf(Gen.Choose(1, 255).Select(i => (byte)i), n));

    private static readonly Gen<byte[]> Blocks = Gen.Choose(0, 300).SelectMany(n => Gen.ArrayOf(Bytes, n));

    private static readonly Gen<SmbHeader> Headers =
        from command in Bytes
        from status in UInt32s
        from flags in Bytes
        from flags2 in UInt16s
        from pidHigh in UInt16s
        from security in Gen.Zip(UInt32s, UInt32s).Select(p => (ulong)p.Item1 << 32 | p.Item2)
        from reserved in UInt16s
        from ids in Gen.ArrayOf(UInt16s, 4)
        select new SmbHeader((SmbCommand)command, status, (SmbFlags)flags, (SmbFlags2)flags2, pidHigh, security, reserved, ids[0], ids[1], ids[2], ids[3]);

    private static readonly Gen<string> Dialects = Gen.Choose(0, 20).SelectMany(n => Gen.ArrayOf(Gen.Choose(1, 255).Select(i => (char)i), n)).Select(c => new string(c));

    private static Gen<SmbMessage> Messages(SmbCommand command, bool reply, Gen<SmbBody> bodies) =>
        from header in Headers
        from body in bodies
        select new SmbMessage(
            header with
            {
                Command = command,
                Status = reply ? 0 : header.Status,
                Flags = reply ? header.Flags | SmbFlags.SMB_FLAGS_REPLY : header.Flags & ~SmbFlags.SMB_FLAGS_REPLY,
            },
            body);

    private static readonly Gen<SmbBody> SendMessages =
        from originator in Names
        from destination in Names
        from data in Blocks
        select (SmbBody)new SendMessageRequest(originator, destination, data);

    private static readonly Gen<SmbBody> Empty = Gen.Constant<SmbBody>(SmbEmptyBody.Instance);

    /// <summary>Every typed command shape, in the direction it belongs to, plus raw bodies and error replies.</summary>
    private static readonly Gen<SmbMessage> AllMessages = Gen.OneOf(
        Messages(SmbCommand.SMB_COM_SEND_MESSAGE, false, SendMessages),
        Messages(SmbCommand.SMB_COM_SEND_BROADCAST_MESSAGE, false, SendMessages),
        Messages(SmbCommand.SMB_COM_SEND_MESSAGE, true, Empty),
        Messages(SmbCommand.SMB_COM_FORWARD_USER_NAME, false, Names.Select(n => (SmbBody)new ForwardedNameRequest(n))),
        Messages(SmbCommand.SMB_COM_CANCEL_FORWARD, false, Names.Select(n => (SmbBody)new ForwardedNameRequest(n))),
        Messages(SmbCommand.SMB_COM_GET_MACHINE_NAME, false, Empty),
        Messages(SmbCommand.SMB_COM_GET_MACHINE_NAME, true, Names.Select(n => (SmbBody)new GetMachineNameResponse(n))),
        Messages(SmbCommand.SMB_COM_SEND_START_MB_MESSAGE, false, Gen.Zip(Names, Names).Select(t => (SmbBody)new SendStartMbRequest(t.Item1, t.Item2))),
        Messages(SmbCommand.SMB_COM_SEND_START_MB_MESSAGE, true, Gen.OneOf(UInt16s.Select(i => (ushort?)i), Gen.Constant((ushort?)null)).Select(i => (SmbBody)new SendStartMbResponse(i))),
        Messages(SmbCommand.SMB_COM_SEND_TEXT_MB_MESSAGE, false, Gen.Zip(UInt16s, Blocks).Select(t => (SmbBody)new SendTextMbRequest(t.Item1, t.Item2))),
        Messages(SmbCommand.SMB_COM_SEND_TEXT_MB_MESSAGE, true, Empty),
        Messages(SmbCommand.SMB_COM_SEND_END_MB_MESSAGE, false, UInt16s.Select(i => (SmbBody)new SendEndMbRequest(i))),
        Messages(SmbCommand.SMB_COM_SEND_END_MB_MESSAGE, true, Empty),
        Messages(SmbCommand.SMB_COM_NEGOTIATE, false, Gen.ListOf(Dialects).Where(l => l.Count <= SmbLimits.MaxDialects).Select(l => (SmbBody)new NegotiateRequest(l.ToList()))),
        Messages(SmbCommand.SMB_COM_NEGOTIATE, true, UInt16s.Select(i => (SmbBody)new NegotiateCoreResponse(i))),
        Messages(SmbCommand.SMB_COM_NEGOTIATE, true,
            from words in Gen.ArrayOf(UInt32s, 6)
            from challenge in Gen.Choose(0, 16).SelectMany(n => Gen.ArrayOf(Bytes, n))
            from names in Blocks
            select (SmbBody)new NegotiateNtLmResponse((ushort)words[0], (byte)words[1], (ushort)words[2], (ushort)(words[2] >> 16), words[3], words[4], words[5], (SmbCapabilities)words[1], (long)words[3] << 20, (short)words[0], challenge, names)),
        Messages(SmbCommand.SMB_COM_TRANSACTION, false, Gen.Zip(Gen.Choose(0, 20).SelectMany(n => Gen.ArrayOf(Bytes, 2 * n)), Blocks).Select(t => (SmbBody)new SmbRawBody(t.Item1, t.Item2))),
        from message in Messages(SmbCommand.SMB_COM_SEND_START_MB_MESSAGE, true, Empty)
        from status in UInt32s.Where(s => s != 0)
        from body in Gen.Zip(Gen.Choose(0, 3).SelectMany(n => Gen.ArrayOf(Bytes, 2 * n)), Gen.ArrayOf(Bytes))
        select message with { Header = message.Header with { Status = status }, Body = new SmbRawBody(body.Item1, body.Item2) });

    /// <summary>One of each shape, for the mutation fuzzing in <see cref="SmbHostileTests"/>.</summary>
    internal static IEnumerable<SmbMessage> Samples() => AllMessages.Sample(60, 40);

    [Fact]
    public void Every_command_shape_round_trips()
    {
        Prop.ForAll(AllMessages.ToArbitrary(), message =>
        {
            var bytes = message.ToArray();
            Assert.Equal(message.EncodedLength, bytes.Length);
            Assert.True(SmbMessage.TryParse(bytes, out var read, out var error), $"{message}: {error}");
            Assert.Equal(message, read);
            Assert.Equal(bytes, read!.ToArray());
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Every_proper_prefix_of_any_message_is_rejected_cleanly()
    {
        Prop.ForAll(AllMessages.ToArbitrary(), message =>
        {
            var bytes = message.ToArray();
            for (var length = 0; length < bytes.Length; length++)
            {
                Assert.False(SmbMessage.TryParse(bytes.AsSpan(0, length), out _, out var error));
                Assert.NotEqual(PacketError.None, error);
            }
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Headers_round_trip() =>
        Prop.ForAll(Headers.ToArbitrary(), header =>
        {
            Assert.True(WirePacket.TryParse<SmbHeader>(WirePacket.ToArray(header), out var read, out _));
            Assert.Equal(header, read);
            Assert.Equal(header.UsesNtStatus ? null : SmbDosError.FromStatus(header.Status), header.DosError);
        }).QuickCheckThrowOnFailure();
}
