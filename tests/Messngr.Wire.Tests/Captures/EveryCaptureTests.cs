using System.Buffers;
using Messngr.Wire.DceRpc;
using Messngr.Wire.NetBios.DatagramService;
using Messngr.Wire.NetBios.NameService;
using Messngr.Wire.NetBios.SessionService;
using Messngr.Wire.Smb1;

namespace Messngr.Wire.Tests.Captures;

/// <summary>
/// The sweep over every capture in captures/: each UDP 137/138/135 payload and each NBSS frame
/// of each TCP 139 stream parses with the codec root for its port and writes back to the same
/// bytes. The per-family golden tests check the fields; this one makes sure no capture is left out.
/// </summary>
public class EveryCaptureTests
{
    public static TheoryData<string> Names => new(Capture.AllNames);

    [Theory]
    [MemberData(nameof(Names))]
    public void Every_packet_parses_and_writes_back_the_same_bytes(string name)
    {
        var capture = Capture.Load(name);
        var seen = 0;
        foreach (var packet in capture.Packets.Where(p => p.Protocol == "udp" && p.Payload.Length > 0))
        {
            var ports = new[] { packet.SourcePort, packet.DestinationPort };
            byte[]? written = null;
            if (ports.Contains(137))
            {
                Assert.True(NbnsPacket.TryParse(packet.Payload, out var nbns, out var error), $"{name} frame {packet.Frame}: {error}");
                written = nbns!.ToArray();
            }
            else if (ports.Contains(138))
            {
                Assert.True(NbdsPacket.TryParse(packet.Payload, out var nbds, out var error), $"{name} frame {packet.Frame}: {error}");
                written = nbds!.ToArray();
            }
            else if (ports.Contains(135))
            {
                Assert.True(ClPdu.TryParse(packet.Payload, out var pdu, out var error), $"{name} frame {packet.Frame}: {error}");
                written = pdu!.ToArray();
            }

            if (written is not null)
            {
                Assert.Equal(packet.Payload, written);
                seen++;
            }
        }

        foreach (var (toServer, toClient) in capture.TcpStreams(139))
        {
            seen += CheckStream(name, toServer);
            seen += CheckStream(name, toClient);
        }

        Assert.True(seen > 0, $"{name}: no Messenger packet found");
    }

    private static int CheckStream(string name, byte[] stream)
    {
        var buffer = new ReadOnlySequence<byte>(stream);
        var frames = 0;
        while (!buffer.IsEmpty)
        {
            var result = NbssPacket.TryReadFrame(ref buffer, out var frame, out var error);
            Assert.True(result == NbssReadResult.Frame, $"{name}: NBSS frame {frames}: {result} {error}");
            Assert.True(NbssPacket.TryParse(frame!.ToArray(), out var again, out _));
            Assert.Equal(frame.ToArray(), again!.ToArray());
            if (frame is SessionMessagePacket message && !SmbMessage.IsSmb2(message.Payload.Span))
            {
                Assert.True(SmbMessage.TryParse(message.Payload.Span, out var smb, out var smbError), $"{name}: SMB in frame {frames}: {smbError}");
                Assert.Equal(message.Payload.ToArray(), smb!.ToArray());
            }

            frames++;
        }

        return frames;
    }
}
