using System.Text;

namespace Messngr.Wire.NetBios;

/// <summary>
/// A 16-byte NetBIOS name (15 name bytes + suffix) and its scope id.
/// [MS-NBTE] 2.2.1: names are 16 opaque bytes; RFC 1001 14.1 / RFC 1002 4.1 for the encoding.
/// Equality is byte-for-byte on the 16 bytes, scope compared case-insensitively (Samba upper-cases it).
/// </summary>
public sealed class NetBiosName : IEquatable<NetBiosName>
{
    /// <summary>Bytes in a raw NetBIOS name (RFC 1001 14.1).</summary>
    public const int Length = 16;

    /// <summary>User-visible name bytes before the suffix ([MS-MSRP] 3.1.4.6: truncate to 15).</summary>
    public const int MaxNameLength = 15;

    /// <summary>Longest scope id, so that the whole encoded name stays within 255 bytes (RFC 1002 4.1).</summary>
    public const int MaxScopeLength = 255 - 34 - 1;

    /// <summary>Suffix 0x00: workstation / computer name, and the workgroup group name.</summary>
    public const byte SuffixWorkstation = 0x00;

    /// <summary>Suffix 0x03: the Messenger service ([MS-MSRP] 1.9, 3.1.1).</summary>
    public const byte SuffixMessenger = 0x03;

    /// <summary>Suffix 0x20: the file server service.</summary>
    public const byte SuffixServer = 0x20;

    private readonly byte[] _bytes;

    private NetBiosName(byte[] bytes, string scope)
    {
        _bytes = bytes;
        Scope = scope;
    }

    /// <summary>The wildcard <c>*</c> followed by 15 NUL bytes, asked for by node-status queries (protocols.md §1.1).</summary>
    public static NetBiosName Wildcard { get; } = CreateWildcard();

    public ReadOnlySpan<byte> RawBytes => _bytes;

    /// <summary>The first 15 bytes (space padded).</summary>
    public ReadOnlySpan<byte> NameBytes => _bytes.AsSpan(0, MaxNameLength);

    public byte Suffix => _bytes[MaxNameLength];

    /// <summary>Dot-separated scope id, empty for none.</summary>
    public string Scope { get; }

    public bool IsWildcard => _bytes[0] == (byte)'*' && _bytes.AsSpan(1, MaxNameLength - 1).IndexOfAnyExcept((byte)0) < 0;

    /// <summary>Builds a name from 16 raw bytes (as read off the wire).</summary>
    public static NetBiosName FromRaw(ReadOnlySpan<byte> raw, string scope = "")
    {
        if (raw.Length != Length)
        {
            throw new ArgumentException($"a raw NetBIOS name is {Length} bytes, got {raw.Length}", nameof(raw));
        }

        ValidateScope(scope);
        return new NetBiosName(raw.ToArray(), scope);
    }

    /// <summary>Used by <see cref="NetBiosNameCodec"/>, which has already checked the scope labels.</summary>
    internal static NetBiosName FromWire(ReadOnlySpan<byte> raw, string scope) => new(raw.ToArray(), scope);

    /// <summary>
    /// Builds a name the way Windows and Samba do ([MS-MSRP] 3.1.4.6, protocols.md §1.3–1.4):
    /// upper-case, convert to the OEM code page, truncate to 15 bytes, drop NULs, pad with spaces,
    /// append the suffix. Throws <see cref="ArgumentException"/> naming the character that the
    /// code page cannot represent.
    /// </summary>
    public static NetBiosName Create(string name, byte suffix, Encoding? oem = null, string scope = "")
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Length == 0)
        {
            throw new ArgumentException("a NetBIOS name cannot be empty", nameof(name));
        }

        if (name == "*")
        {
            return suffix == 0 && scope.Length == 0 ? Wildcard : FromRaw([(byte)'*', .. new byte[14], suffix], scope);
        }

        var encoded = OemCodePage.EncodeStrict(name.ToUpperInvariant(), oem ?? OemCodePage.Default, "NetBIOS name");
        var bytes = new byte[Length];
        bytes.AsSpan(0, MaxNameLength).Fill((byte)' ');
        var count = 0;
        foreach (var b in encoded)
        {
            if (b == 0)
            {
                continue;
            }

            if (count == MaxNameLength)
            {
                break;
            }

            bytes[count++] = b;
        }

        bytes[MaxNameLength] = suffix;
        ValidateScope(scope);
        return new NetBiosName(bytes, scope.ToUpperInvariant());
    }

    /// <summary>The name without the suffix and without trailing spaces or NULs, decoded with the OEM code page.</summary>
    public string GetName(Encoding? oem = null)
    {
        var name = NameBytes.TrimEnd((byte)' ').TrimEnd((byte)0);
        return (oem ?? OemCodePage.Default).GetString(name);
    }

    /// <summary>Same name bytes with another suffix.</summary>
    public NetBiosName WithSuffix(byte suffix)
    {
        var bytes = (byte[])_bytes.Clone();
        bytes[MaxNameLength] = suffix;
        return new NetBiosName(bytes, Scope);
    }

    /// <summary>Renders like Wireshark: printable bytes as text, others as &lt;xx&gt;, then the suffix: <c>HOSTB&lt;03&gt;</c>.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder(24);
        var name = NameBytes.TrimEnd((byte)' ');
        foreach (var b in name)
        {
            if (b is >= 0x21 and < 0x7F or (byte)' ')
            {
                sb.Append((char)b);
            }
            else
            {
                sb.Append('<').Append(b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture)).Append('>');
            }
        }

        sb.Append('<').Append(Suffix.ToString("x2", System.Globalization.CultureInfo.InvariantCulture)).Append('>');
        if (Scope.Length > 0)
        {
            sb.Append('.').Append(Scope);
        }

        return sb.ToString();
    }

    public bool Equals(NetBiosName? other) =>
        other is not null && _bytes.AsSpan().SequenceEqual(other._bytes) && string.Equals(Scope, other.Scope, StringComparison.OrdinalIgnoreCase);

    public override bool Equals(object? obj) => obj is NetBiosName other && Equals(other);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.AddBytes(_bytes);
        hash.Add(Scope, StringComparer.OrdinalIgnoreCase);
        return hash.ToHashCode();
    }

    public static bool operator ==(NetBiosName? left, NetBiosName? right) => left is null ? right is null : left.Equals(right);

    public static bool operator !=(NetBiosName? left, NetBiosName? right) => !(left == right);

    private static NetBiosName CreateWildcard()
    {
        var bytes = new byte[Length];
        bytes[0] = (byte)'*';
        return new NetBiosName(bytes, string.Empty);
    }

    private static void ValidateScope(string scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        if (scope.Length == 0)
        {
            return;
        }

        if (scope.Length > MaxScopeLength)
        {
            throw new ArgumentException($"NetBIOS scope '{scope}' is longer than {MaxScopeLength} characters", nameof(scope));
        }

        foreach (var label in scope.Split('.'))
        {
            if (label.Length is 0 or > NetBiosNameCodec.MaxLabelLength)
            {
                throw new ArgumentException($"NetBIOS scope '{scope}' has a label that is empty or longer than 63 characters", nameof(scope));
            }

            foreach (var c in label)
            {
                if (c is <= ' ' or > '~')
                {
                    throw new ArgumentException($"NetBIOS scope '{scope}' may only hold printable ASCII", nameof(scope));
                }
            }
        }
    }
}
