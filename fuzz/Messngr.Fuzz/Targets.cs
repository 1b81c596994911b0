using Messngr.Wire;
using Messngr.Wire.NetBios;

namespace Messngr.Fuzz;

/// <summary>Every codec root, as a fuzz target.</summary>
internal static class Targets
{
    public static IReadOnlyList<FuzzTarget> All { get; } =
    [
        new("name", "NetBIOS name labels, scope and pointers (NetBiosNameCodec)", NetBiosNameTarget),
    ];

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
