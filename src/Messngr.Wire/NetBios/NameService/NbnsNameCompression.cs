namespace Messngr.Wire.NetBios.NameService;

/// <summary>
/// Names already laid out in a message being written, by offset, so that a remembered label
/// pointer (RFC 1002 4.2.1.3, protocols.md §1.6) is written only when its target really holds the
/// same name; otherwise the name is written in full. Encoding and measuring share this logic so
/// that <c>EncodedLength</c> never lies.
/// </summary>
internal sealed class NbnsNameCompression
{
    private readonly List<(int Offset, byte[] Encoded)> _names = [];

    /// <summary>
    /// Registers <paramref name="name"/> at <paramref name="offset"/> (relative to the start of
    /// the message) and returns the bytes it takes there: 2 for a usable pointer, else its full length.
    /// </summary>
    public int Place(NbnsRecordName name, int offset, out bool usePointer)
    {
        var encoded = name.EncodeFull();
        usePointer = false;
        if (name.Pointer is { } target && target < offset)
        {
            foreach (var (at, bytes) in _names)
            {
                if (at == target && bytes.AsSpan().SequenceEqual(encoded))
                {
                    usePointer = true;
                    break;
                }
            }
        }

        _names.Add((offset, encoded));
        return usePointer ? 2 : encoded.Length;
    }

    /// <summary>Registers a name always written in full (a question name).</summary>
    public void AddFull(NbnsRecordName name, int offset) => _names.Add((offset, name.EncodeFull()));

    public void Write(ref WireWriter writer, NbnsRecordName name, int messageStart)
    {
        Place(name, writer.Position - messageStart, out var usePointer);
        if (usePointer)
        {
            NetBiosNameCodec.WritePointer(ref writer, name.Pointer!.Value);
        }
        else if (name.NetBiosName is not null)
        {
            NetBiosNameCodec.Write(ref writer, name.NetBiosName);
        }
        else
        {
            NbnsDomainNameCodec.Write(ref writer, name.DomainName!);
        }
    }
}
