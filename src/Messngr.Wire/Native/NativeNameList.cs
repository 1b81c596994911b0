using System.Collections.Immutable;

namespace Messngr.Wire.Native;

/// <summary>
/// A NAMES field (docs/native-protocol.md §4.4): COUNT (u8) then COUNT label STR8s of 1..64
/// bytes. Used by HELLO, HELLO-ACK, ANNOUNCE and PROBE, each with its own count limit.
/// </summary>
internal static class NativeNameList
{
    public static ImmutableArray<string> Read(ref WireReader reader, int maxCount)
    {
        var start = reader.AbsolutePosition;
        int count = reader.ReadByte();
        if (count > maxCount)
        {
            throw new MalformedPacketException(PacketError.CountOutOfRange, start);
        }

        var names = ImmutableArray.CreateBuilder<string>(count);
        for (var i = 0; i < count; i++)
        {
            names.Add(NativeText.ReadStr8(ref reader, 1, NativeLimits.MaxNameBytes, label: true));
        }

        return names.MoveToImmutable();
    }

    public static void Write(ref WireWriter writer, ImmutableArray<string> names)
    {
        writer.WriteByte((byte)names.Length);
        foreach (var name in names)
        {
            NativeText.WriteStr8(ref writer, name, NativeText.Measure(name, 1, NativeLimits.MaxNameBytes, label: true, "name"));
        }
    }

    /// <summary>Validates a caller's list and returns it frozen with its encoded length.</summary>
    public static (ImmutableArray<string> Names, int EncodedLength) Check(IEnumerable<string> names, int maxCount, string field)
    {
        ArgumentNullException.ThrowIfNull(names, field);
        var frozen = names.ToImmutableArray();
        if (frozen.Length > maxCount)
        {
            throw new ArgumentException($"{field} holds at most {maxCount} names, got {frozen.Length}", field);
        }

        var length = 1;
        foreach (var name in frozen)
        {
            length += 1 + NativeText.Measure(name, 1, NativeLimits.MaxNameBytes, label: true, field);
        }

        return (frozen, length);
    }

    public static int MaxEncodedLength(int maxCount) => 1 + maxCount * (1 + NativeLimits.MaxNameBytes);
}
