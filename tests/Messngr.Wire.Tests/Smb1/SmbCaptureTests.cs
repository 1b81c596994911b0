using System.Buffers;
using System.Globalization;
using System.Text;
using Messngr.Wire.NetBios.SessionService;
using Messngr.Wire.Smb1;
using Messngr.Wire.Tests.Captures;
using Messngr.Wire.Tests.SessionService;
using Messngr.Wire.Tests.Support;

namespace Messngr.Wire.Tests.Smb1;

/// <summary>Golden tests over the real TCP 139 captures (captures/README.md), checked against tshark's decode in each .txt.</summary>
public class SmbCaptureTests
{
    public static TheoryData<string> Captures =>
    [
        "smb-message-smbclient",
        "smb-message-smbclient-bcast",
        "smb-message-impacket-multi",
        "smb-message-impacket-single-negprot",
        "smb-message-impacket-single-no-negprot",
        "smb-message-no-command",
        "smb-message-smb2min-fails",
    ];

    internal static readonly Golden.TryParse<SmbMessage> ParseSmb = SmbMessage.TryParse;

    internal static byte[] EncodeSmb(SmbMessage message) => message.ToArray();

    private static IEnumerable<byte[]> Directions(string capture) =>
        Capture.Load(capture).TcpStreams(139).SelectMany(s => new[] { s.ToServer, s.ToClient });

    /// <summary>One NBSS frame per TCP segment in these captures, so each frame keeps its tshark frame number.</summary>
    private static IEnumerable<(int Frame, NbssPacket Packet)> FramesBySegment(string capture)
    {
        foreach (var segment in Capture.Load(capture).Packets.Where(p => p.Protocol == "tcp" && (p.SourcePort == 139 || p.DestinationPort == 139) && p.Payload.Length > 0))
        {
            Assert.True(NbssPacket.TryParse(segment.Payload, out var packet, out var error), $"frame {segment.Frame}: {error}");
            yield return (segment.Frame, packet!);
        }
    }

    internal static SmbMessage Smb(NbssPacket packet)
    {
        var message = Assert.IsType<SessionMessagePacket>(packet);
        Assert.True(SmbMessage.TryParse(message.Payload.Span, out var smb, out var error), error.ToString());
        return smb!;
    }

    internal static List<SmbMessage> Smbs(byte[] stream) =>
        NbssStream.ReadAll(new ReadOnlySequence<byte>(stream)).OfType<SessionMessagePacket>().Select(Smb).ToList();

    [Theory]
    [MemberData(nameof(Captures))]
    public void Every_frame_and_every_smb_round_trips_byte_for_byte(string capture)
    {
        foreach (var stream in Directions(capture))
        {
            var frames = NbssStream.ReadAll(new ReadOnlySequence<byte>(stream));
            Assert.Equal(stream, frames.SelectMany(f => f.ToArray()));
            foreach (var frame in frames)
            {
                Golden.Check(frame.ToArray(), NbssPacketTests.Parse, NbssPacketTests.Encode);
                if (frame is SessionMessagePacket message)
                {
                    var smb = Golden.Check(message.Payload.ToArray(), ParseSmb, EncodeSmb);
                    Assert.Equal(smb.EncodedLength, message.Payload.Length);
                    Assert.Equal(frame.ToArray(), smb.ToSessionMessage());
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Captures))]
    public void Streams_split_at_every_byte_give_the_same_frames(string capture)
    {
        foreach (var stream in Directions(capture))
        {
            var expected = NbssStream.ReadAll(new ReadOnlySequence<byte>(stream));
            for (var cut = 0; cut <= stream.Length; cut++)
            {
                Assert.Equal(expected, NbssStream.ReadAll(Segments.Split(stream, cut)));
            }

            Assert.Equal(expected, NbssStream.ReadAll(Segments.Bytewise(stream)));
            Assert.Equal(expected, NbssStream.ReadTrickled(stream));
        }
    }

    [Theory]
    [MemberData(nameof(Captures))]
    public void Every_proper_prefix_of_every_frame_is_incomplete(string capture)
    {
        foreach (var (_, packet) in FramesBySegment(capture))
        {
            var bytes = packet.ToArray();
            for (var length = 0; length < bytes.Length; length++)
            {
                var buffer = new ReadOnlySequence<byte>(bytes, 0, length);
                Assert.Equal(NbssReadResult.Incomplete, NbssPacket.TryReadFrame(ref buffer, out _, out _));
                Assert.Equal(length, buffer.Length);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Captures))]
    public void Fields_match_the_tshark_decode(string capture)
    {
        var decode = TsharkDecodeText.Load(capture);
        foreach (var (number, packet) in FramesBySegment(capture))
        {
            var tshark = decode[number];
            Assert.EndsWith($"(0x{(byte)packet.Type:x2})", tshark.NbssValue("Message Type"), StringComparison.Ordinal);
            Assert.Equal(packet.BodyLength.ToString(CultureInfo.InvariantCulture), tshark.NbssValue("Length"));
            if (packet is SessionRequestPacket request)
            {
                Assert.StartsWith(request.CalledName + " (", tshark.NbssValue("Called name"), StringComparison.Ordinal);
                Assert.StartsWith(request.CallingName + " (", tshark.NbssValue("Calling name"), StringComparison.Ordinal);
            }

            if (packet is SessionMessagePacket)
            {
                SmbFieldsMatch(Smb(packet), tshark);
            }
        }
    }

    private static void SmbFieldsMatch(SmbMessage smb, TsharkDecodeText.FrameFields tshark)
    {
        static string Dec(int value) => value.ToString(CultureInfo.InvariantCulture);
        var h = smb.Header;
        Assert.EndsWith($"(0x{(byte)h.Command:x2})", tshark.SmbValue("SMB Command"), StringComparison.Ordinal);
        Assert.StartsWith($"0x{(byte)h.Flags:x2}", tshark.SmbValue("Flags"), StringComparison.Ordinal);
        Assert.StartsWith($"0x{(ushort)h.Flags2:x4}", tshark.SmbValue("Flags2"), StringComparison.Ordinal);
        if (h.UsesNtStatus)
        {
            Assert.EndsWith($"(0x{h.Status:x8})", tshark.SmbValue("NT Status"), StringComparison.Ordinal);
        }
        else
        {
            Assert.EndsWith($"(0x{(byte)h.DosError!.Value.ErrorClass:x2})", tshark.SmbValue("Error Class"), StringComparison.Ordinal);
        }

        Assert.Equal(Dec(h.PidHigh), tshark.SmbValue("Process ID High"));
        Assert.Equal(Dec(h.PidLow), tshark.SmbValue("Process ID"));
        Assert.Equal(Dec(h.Tid), tshark.SmbValue("Tree ID"));
        Assert.Equal(Dec(h.Uid), tshark.SmbValue("User ID"));
        Assert.Equal(Dec(h.Mid), tshark.SmbValue("Multiplex ID"));
        Assert.Equal(h.SecurityFeatures.ToString("x16", CultureInfo.InvariantCulture), tshark.SmbValue("Signature"));
        Assert.Equal(Dec(smb.Body.WordCount), tshark.SmbValue("Word Count (WCT)"));
        if (smb.Body is not SendTextMbRequest)
        {
            // tshark 4.0.17 reads a 0xD7 request's MessageGroupId as its ByteCount (protocols.md §9.3 item 9).
            Assert.Equal(Dec(smb.Body.ByteCount), tshark.SmbValue("Byte Count (BCC)"));
        }

        switch (smb.Body)
        {
            case SendMessageRequest m:
                Assert.Equal(m.GetOriginator(), tshark.SmbValue("Originator Name"));
                Assert.Equal(m.GetDestination(), tshark.SmbValue("Destination Name"));
                Assert.Equal(Dec(m.Data.Length), tshark.SmbValue("Message Len"));
                Assert.Equal(Encoding.ASCII.GetString(m.Data.Span), tshark.SmbValue("Message"));
                break;
            case SendStartMbRequest s:
                Assert.Equal(s.GetOriginator(), tshark.SmbValue("Originator Name"));
                Assert.Equal(s.GetDestination(), tshark.SmbValue("Destination Name"));
                break;
            case SendEndMbRequest e:
                Assert.Equal(Dec(e.MessageGroupId), tshark.SmbValue("Message Group ID"));
                break;
            case NegotiateRequest n:
                Assert.Equal(n.Dialects, tshark.SmbValues("Name"));
                break;
            case NegotiateNtLmResponse r:
                Assert.StartsWith(Dec(r.DialectIndex) + ":", tshark.SmbValue("Selected Index"), StringComparison.Ordinal);
                Assert.StartsWith($"0x{r.SecurityMode:x2}", tshark.SmbValue("Security Mode"), StringComparison.Ordinal);
                Assert.Equal(Dec(r.MaxMpxCount), tshark.SmbValue("Max Mpx Count"));
                Assert.Equal(Dec(r.MaxNumberVcs), tshark.SmbValue("Max VCs"));
                Assert.Equal(r.MaxBufferSize.ToString(CultureInfo.InvariantCulture), tshark.SmbValue("Max Buffer Size"));
                Assert.Equal(r.MaxRawSize.ToString(CultureInfo.InvariantCulture), tshark.SmbValue("Max Raw Buffer"));
                Assert.Equal($"0x{r.SessionKey:x8}", tshark.SmbValue("Session Key"));
                Assert.StartsWith($"0x{(uint)r.Capabilities:x8}", tshark.SmbValue("Capabilities"), StringComparison.Ordinal);
                Assert.Equal(Dec(r.Challenge.Length), tshark.SmbValue("Challenge Length"));
                Assert.Equal(Hex.Format(r.Challenge.Span), tshark.SmbValue("Challenge"));
                Assert.True(r.TryGetNames(out var domain, out var server));
                Assert.Equal(domain, tshark.SmbValue("Primary Domain"));
                Assert.Equal(server, tshark.SmbValue("Server"));
                Assert.Equal(r.SystemTimeUtc!.Value.ToString("MMM d, yyyy HH:mm:ss.fffffff", CultureInfo.InvariantCulture) + "00 UTC", tshark.SmbValue("System Time"));
                break;
        }
    }

    [Theory]
    [MemberData(nameof(Captures))]
    public void Mutated_smbs_never_throw(string capture)
    {
        foreach (var smb in Directions(capture).SelectMany(Smbs))
        {
            Hostile.Mutate(smb.ToArray(), ParseSmb, iterations: 300);
        }
    }
}
