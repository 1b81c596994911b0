using System.Buffers;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Messngr.Interop.Tests.Netns;
using Messngr.Interop.Tests.Support;
using Messngr.Wire.Native;

namespace Messngr.Interop.Tests.Native;

/// <summary>
/// Issue #13 item 3: docs/native-protocol.md is enough for a second implementation. A decoder
/// written from the document alone (<c>peers/native_decode.py</c>, Python standard library)
/// reads what messngr's codec writes, messngr's codec reads what it writes, and both refuse
/// the same bad frames for the same reason.
/// </summary>
public class NativeCodecInteropTests
{
    private const long T = 1765000000000;

    private static readonly Guid Id = Guid.Parse("0193a1b2-c3d4-7e5f-8a6b-7c8d9e0f1a2b");

    private static readonly Guid Other = Guid.Parse("0193a1b2-ffff-7000-bfff-ffffffffffff");

    private static readonly string LongName = new('N', 64);

    private static IEnumerable<NativeFrame> Frames() =>
    [
        new HelloFrame([1, 2, 7], new NativeOffer(T, 262144, 4096, (NativeCapabilities)0xFFFFFFFF, [.. Enumerable.Range(0, 64).Select(i => $"NAME{i}")])),
        new HelloAckFrame(1, new NativeOffer(0, 131072, 1, NativeCapabilities.None, [])),
        new MessageFrame(1, Id, NativePriority.Normal, false, T, T + 86_400_000, Guid.Empty, "alice", "BOB", "", "Lunch at 12? \u2615"),
        new MessageFrame(3, Other, NativePriority.Critical, true, 0, 0, Id, LongName, "Zoë-日本", new string('k', 128), "line 1\nline 2\t\u0000\u001b[31m \U0001F600"),
        new MessageFrame(uint.MaxValue, Id, NativePriority.Low, false, long.MaxValue, 1, Guid.Empty, "u", "R", "", new string('x', NativeLimits.MaxTextBytes)),
        new MessageFrame(5, Id, NativePriority.High, false, 1, 2, Guid.Empty, "u", "R", "key", ""),
        new ReceiptFrame(1, Id, NativeReceiptState.Stored, NativeRefusalReason.None, T + 1),
        new ReceiptFrame(2, Id, NativeReceiptState.Displayed, NativeRefusalReason.None, T + 2, "shown on tty1"),
        new ReceiptFrame(4, Other, NativeReceiptState.Read, NativeRefusalReason.None, T + 3),
        new ReceiptFrame(7, Id, NativeReceiptState.Refused, NativeRefusalReason.ClockSkew, T + 4, new string('d', 255)),
        new ReceiptFrame(9, Id, NativeReceiptState.Refused, (NativeRefusalReason)0xFFFF, T + 5),
        new AckFrame(2),
        new PingFrame(11, ulong.MaxValue),
        new PongFrame(11, 0),
        new GoodbyeFrame(NativeGoodbyeReason.Idle, "idle 300 s"),
        new ErrorFrame(0, NativeErrorCode.TooManyInFlight, "257 in flight"),
        new ErrorFrame(13, (NativeErrorCode)999),
    ];

    private static JsonArray Python(string mode, string input)
    {
        var result = Tool.Run("/usr/bin/python3", [Lab.PeerScript("native_decode.py"), mode], input);
        Assert.True(result.ExitCode == 0, $"native_decode.py {mode} failed: {result.Error}");
        return JsonNode.Parse(result.Output)!.AsArray();
    }

    private static List<string> PythonEncode(JsonArray specs)
    {
        var result = Tool.Run("/usr/bin/python3", [Lab.PeerScript("native_decode.py"), "encode"], specs.ToJsonString());
        Assert.True(result.ExitCode == 0, $"native_decode.py encode failed: {result.Error}");
        return [.. result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries)];
    }

    private static void SameJson(JsonNode expected, JsonNode? actual) =>
        Assert.True(JsonNode.DeepEquals(expected, actual), $"expected {expected.ToJsonString()}\n  actual {actual?.ToJsonString()}");

    [Fact]
    public void The_independent_decoder_reads_every_frame_messngr_writes_on_one_stream()
    {
        var frames = Frames().ToList();
        var stream = frames.SelectMany(f => f.ToArray()).ToArray();
        var decoded = Python("decode-stream", Convert.ToHexString(stream));
        Assert.Equal(frames.Count, decoded.Count);
        for (var i = 0; i < frames.Count; i++)
        {
            SameJson(NativeJson.From(frames[i]), decoded[i]);
        }
    }

    [Fact]
    public void Messngr_reads_every_frame_the_independent_encoder_writes_to_the_same_fields()
    {
        var specs = new JsonArray([.. Frames().Select(f => (JsonNode)NativeJson.From(f))]);
        var lines = PythonEncode(specs);
        Assert.Equal(specs.Count, lines.Count);
        for (var i = 0; i < lines.Count; i++)
        {
            var bytes = Convert.FromHexString(lines[i]);
            var result = NativeFrameReader.Read(new ReadOnlySequence<byte>(bytes));
            Assert.True(result.Status == NativeReadStatus.Frame, $"frame {i} ({specs[i]!["type"]}) refused: {result.Fault}");
            Assert.Equal(bytes.Length, result.Consumed);
            SameJson(specs[i]!, NativeJson.From(result.Frame!));
        }
    }

    [Theory]
    [InlineData("0004 0001", "frame-too-large")] // LENGTH 262145
    [InlineData("00000007", "malformed")] // LENGTH below the header
    [InlineData("00000010 02", "unsupported-version")]
    [InlineData("00000008 01 13 0000 00000001", "unknown-type")]
    [InlineData("00000008 01 12 0001 00000001", "malformed")] // a FLAGS bit
    [InlineData("00000008 01 12 0000 00000000", "protocol-violation")] // ACK on stream 0
    [InlineData("00000009 01 12 0000 00000001 00", "malformed")] // ACK with a payload
    [InlineData("0000000b 01 30 0000 00000000 0000 01", "malformed")] // GOODBYE text past the payload
    [InlineData("0000000c 01 30 0000 00000000 0000 01 ff", "invalid-text")]
    [InlineData("0000000d 01 30 0000 00000000 0000 01 41 00", "malformed")] // trailing byte
    public void Both_implementations_refuse_the_same_bad_frames_for_the_same_reason(string hex, string expected)
    {
        var bytes = Convert.FromHexString(hex.Replace(" ", string.Empty, StringComparison.Ordinal));
        var ours = NativeFrameReader.Read(new ReadOnlySequence<byte>(bytes));
        Assert.Equal(NativeReadStatus.Malformed, ours.Status);
        Assert.Equal(expected, NativeJson.ErrorNames[ours.Fault.Code]);
        var theirs = Python("decode-stream", hex);
        Assert.Equal(expected, (string?)theirs[^1]!["error"]);
    }

    [Fact]
    public void Both_implementations_refuse_bad_message_fields_for_the_same_reason()
    {
        var good = new MessageFrame(1, Id, NativePriority.Normal, false, T, 0, Guid.Empty, "alice", "BOB", "", "hi").ToArray();
        (int Offset, byte Value, string Code)[] cases =
        [
            (12 + 6, 0x4E, "malformed"), // a UUIDv4 message id
            (12 + 16, 4, "malformed"), // priority 4
            (12 + 17, 2, "malformed"), // a reserved message flag
            (12 + 18, 0x80, "malformed"), // a negative CREATED-AT
            (12 + 50, 0, "limit-exceeded"), // an empty SENDER-USER
            (12 + 51, 0x0A, "invalid-text"), // a newline in SENDER-USER
            (good.Length - 1, 0xC0, "invalid-text"), // a broken UTF-8 sequence in TEXT
        ];
        foreach (var (offset, value, code) in cases)
        {
            var bytes = good.ToArray();
            bytes[offset] = value;
            var ours = NativeFrameReader.Read(new ReadOnlySequence<byte>(bytes));
            Assert.Equal(code, NativeJson.ErrorNames[ours.Fault.Code]);
            Assert.Equal(code, (string?)Python("decode-stream", Convert.ToHexString(bytes))[^1]!["error"]);
        }
    }

    [Fact]
    public void A_stream_cut_mid_frame_needs_the_same_number_of_bytes_in_both()
    {
        var stream = Frames().Take(3).SelectMany(f => f.ToArray()).ToArray();
        foreach (var cut in new[] { 2, 7, 40, stream.Length - 1 })
        {
            var buffer = new ReadOnlySequence<byte>(stream, 0, cut);
            NativeReadResult ours;
            while ((ours = NativeFrameReader.Read(buffer)).Status == NativeReadStatus.Frame)
            {
                buffer = buffer.Slice(ours.Consumed);
            }

            var theirs = Python("decode-stream", Convert.ToHexString(stream, 0, cut));
            Assert.Equal(ours.BytesNeeded, (long)theirs[^1]!["need_more"]!);
        }
    }

    [Fact]
    public void A_signed_announce_and_a_probe_decode_the_same_and_the_signed_bytes_agree()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        using var certificate = new CertificateRequest("CN=messngr node", key, HashAlgorithmName.SHA384)
            .CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddYears(1));
        var nodeId = SHA256.HashData(certificate.PublicKey.ExportSubjectPublicKeyInfo());
        var signed = AnnounceDatagram.GetSignedBytes(T, 42, 2426, nodeId, ["BOB", "BOB-PC"], certificate.RawData);
        var announce = new AnnounceDatagram(T, 42, 2426, nodeId, ["BOB", "BOB-PC"], certificate.RawData, key.SignData(signed, HashAlgorithmName.SHA384));
        var probe = new ProbeDatagram(T, ["BOB"]);

        var decoded = Python("decode-datagram", Convert.ToHexString(announce.ToArray()) + "\n" + Convert.ToHexString(probe.ToArray()));
        var theirs = decoded[0]!.AsObject();
        Assert.Equal(Convert.ToHexStringLower(signed), (string?)theirs["signed"]);
        theirs.Remove("signed");
        SameJson(NativeJson.From(announce), theirs);
        SameJson(NativeJson.From(probe), decoded[1]);

        var lines = PythonEncode([NativeJson.From(announce), NativeJson.From(probe)]);
        Assert.True(DiscoveryDatagram.TryParse(Convert.FromHexString(lines[0]), out var again, out var error), error.ToString());
        Assert.Equal(announce, again);
        Assert.True(key.VerifyData(((AnnounceDatagram)again!).GetSignedBytes(), announce.Signature.AsSpan(), HashAlgorithmName.SHA384));
        Assert.True(DiscoveryDatagram.TryParse(Convert.FromHexString(lines[1]), out var probeAgain, out _));
        Assert.Equal(probe, probeAgain);
    }
}
