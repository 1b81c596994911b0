using Messngr.Wire;

namespace Messngr.Fuzz;

/// <summary>The check every packet target makes: parse; if it parsed, write → parse → write gives the same bytes.</summary>
internal static class RoundTrip
{
    public static void Check<T>(ReadOnlySpan<byte> input) where T : IWirePacket<T>
    {
        if (!WirePacket.TryParse<T>(input, out var packet, out _))
        {
            return;
        }

        var first = WirePacket.ToArray(packet!);
        if (!WirePacket.TryParse<T>(first, out var again, out var error))
        {
            throw new RoundTripViolationException($"{typeof(T).Name}: our own encoding does not parse ({error})");
        }

        if (!first.AsSpan().SequenceEqual(WirePacket.ToArray(again!)))
        {
            throw new RoundTripViolationException($"{typeof(T).Name}: write → parse → write changed the bytes");
        }
    }
}
