using System.Buffers;
using Messngr.Wire.NetBios.SessionService;

namespace Messngr.Wire.Tests.SessionService;

/// <summary>Drives <see cref="NbssPacket.TryReadFrame"/> the way a pipe reader loop does.</summary>
internal static class NbssStream
{
    /// <summary>Every frame of a complete stream; fails on a malformed frame or leftover bytes.</summary>
    public static List<NbssPacket> ReadAll(ReadOnlySequence<byte> buffer, int maxLength = NbssPacket.DefaultMaxFrameLength)
    {
        var frames = new List<NbssPacket>();
        while (true)
        {
            var result = NbssPacket.TryReadFrame(ref buffer, out var frame, out var error, maxLength);
            if (result == NbssReadResult.Incomplete)
            {
                Assert.True(buffer.IsEmpty, $"{buffer.Length} bytes left over at the end of the stream");
                return frames;
            }

            Assert.True(result == NbssReadResult.Frame, $"malformed frame: {error}");
            frames.Add(frame!);
        }
    }

    /// <summary>Feeds the stream one byte at a time, reading frames whenever possible (each read sees a multi-segment buffer).</summary>
    public static List<NbssPacket> ReadTrickled(byte[] stream)
    {
        var frames = new List<NbssPacket>();
        var pending = new List<byte>();
        foreach (var b in stream)
        {
            pending.Add(b);
            var buffer = Segments.Bytewise([.. pending]);
            while (true)
            {
                var before = buffer.Length;
                var result = NbssPacket.TryReadFrame(ref buffer, out var frame, out var error);
                Assert.NotEqual(NbssReadResult.Malformed, result);
                if (result == NbssReadResult.Incomplete)
                {
                    Assert.Equal(before, buffer.Length);
                    Assert.Null(frame);
                    Assert.Equal(PacketError.None, error);
                    break;
                }

                frames.Add(frame!);
            }

            pending = [.. buffer.ToArray()];
        }

        Assert.Empty(pending);
        return frames;
    }
}
