using System.Buffers;
using FsCheck;
using FsCheck.Fluent;
using Messngr.Wire.Native;
using Messngr.Wire.Tests.SessionService;

namespace Messngr.Wire.Tests.Native;

public class NativePropertyTests
{
    private static readonly Gen<string> Labels = Gen.Elements("alice", "BOB", "BOB-PC", "Zoë", "日本", "a.b_c", new string('x', 64));

    private static readonly Gen<string> Texts = Gen.Elements("", "hi", "line 1\nline 2", "☕ \u0001 \u00ff", new string('t', 3000));

    private static readonly Gen<long> Times = Gen.Choose(0, int.MaxValue).Select(i => (long)i * 1000);

    private static readonly Gen<uint> Streams = Gen.Choose(1, int.MaxValue).Select(i => (uint)i);

    private static readonly Gen<Guid> Ids = Gen.Choose(0, int.MaxValue).Select(seed =>
    {
        var bytes = new byte[16];
        new Random(seed).NextBytes(bytes);
        bytes[6] = (byte)(0x70 | (bytes[6] & 0x0F));
        bytes[8] = (byte)(0x80 | (bytes[8] & 0x3F));
        return new Guid(bytes, bigEndian: true);
    });

    private static readonly Gen<NativeOffer> Offers =
        from time in Times
        from frame in Gen.Choose(NativeLimits.MinAdvertisedFrameLength, NativeLimits.MaxFrameLength)
        from inFlight in Gen.Choose(1, NativeLimits.MaxInFlight)
        from caps in Gen.Choose(0, int.MaxValue)
        from names in Gen.ListOf(Labels).Select(l => l.Take(NativeLimits.MaxHelloNames))
        select new NativeOffer(time, frame, inFlight, (NativeCapabilities)caps, names);

    private static readonly Gen<NativeFrame> Frames = Gen.OneOf(
        Offers.Select(o => (NativeFrame)new HelloFrame([1, 2, 9], o)),
        Offers.Select(o => (NativeFrame)new HelloAckFrame(1, o)),
        from stream in Streams
        from id in Ids
        from priority in Gen.Choose(0, 3)
        from sealedFlag in Gen.Elements(true, false)
        from created in Times
        from expires in Times
        from reply in Gen.OneOf(Gen.Constant(Guid.Empty), Ids)
        from user in Labels
        from recipient in Labels
        from key in Gen.OneOf(Gen.Constant(string.Empty), Labels)
        from text in Texts
        select (NativeFrame)new MessageFrame(stream, id, (NativePriority)priority, sealedFlag, created, expires, reply, user, recipient, key, text),
        from stream in Streams
        from id in Ids
        from state in Gen.Choose(1, 4)
        from reason in Gen.Choose(1, 9)
        from at in Times
        from detail in Texts.Select(t => t.Length > 255 ? t[..255] : t)
        select (NativeFrame)new ReceiptFrame(stream, id, (NativeReceiptState)state, state == 4 ? (NativeRefusalReason)reason : NativeRefusalReason.None, at, detail),
        Streams.Select(s => (NativeFrame)new AckFrame(s)),
        Gen.Zip(Streams, Gen.Choose(0, int.MaxValue)).Select(p => (NativeFrame)new PingFrame(p.Item1, (ulong)p.Item2 << 20)),
        Gen.Zip(Streams, Gen.Choose(0, int.MaxValue)).Select(p => (NativeFrame)new PongFrame(p.Item1, (ulong)p.Item2)),
        Gen.Choose(0, 65535).Select(r => (NativeFrame)new GoodbyeFrame((NativeGoodbyeReason)r, "bye")),
        Gen.Zip(Gen.Choose(0, int.MaxValue), Gen.Choose(0, 65535)).Select(p => (NativeFrame)new ErrorFrame((uint)p.Item1, (NativeErrorCode)p.Item2, "why")));

    [Fact]
    public void Every_frame_round_trips_and_its_encoded_length_is_what_it_writes() =>
        Prop.ForAll(Frames.ToArbitrary(), frame =>
        {
            var bytes = frame.ToArray();
            Assert.Equal(frame.EncodedLength, bytes.Length);
            Assert.True(NativeFrame.TryParse(bytes, out var read, out var error), error.ToString());
            Assert.Equal(frame, read);
            Assert.Equal(bytes, read!.ToArray());
        }).QuickCheckThrowOnFailure();

    [Fact]
    public void Any_sequence_of_frames_reads_back_identically_however_it_is_split() =>
        Prop.ForAll(Gen.Zip(Gen.ListOf(Frames), Gen.Choose(0, 100_000)).ToArbitrary(), input =>
        {
            var (frames, cutSeed) = input;
            var stream = frames.SelectMany(f => f.ToArray()).ToArray();
            var buffer = Segments.Split(stream, stream.Length == 0 ? 0 : cutSeed % (stream.Length + 1));
            var read = new List<NativeFrame>();
            while (NativeFrameReader.Read(buffer) is { Status: NativeReadStatus.Frame } result)
            {
                read.Add(result.Frame!);
                buffer = buffer.Slice(result.Consumed);
            }

            Assert.Equal(0, buffer.Length);
            Assert.Equal(frames, read);
        }).QuickCheckThrowOnFailure();
}
