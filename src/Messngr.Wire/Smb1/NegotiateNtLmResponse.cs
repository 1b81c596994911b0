using System.Text;

namespace Messngr.Wire.Smb1;

/// <summary>
/// [MS-CIFS] 2.2.4.52.2 SMB_COM_NEGOTIATE response for NT LM 0.12: WordCount 17 —
/// <c>DialectIndex(2) SecurityMode(1) MaxMpxCount(2) MaxNumberVcs(2) MaxBufferSize(4)
/// MaxRawSize(4) SessionKey(4) Capabilities(4) SystemTime(8, FILETIME) ServerTimeZone(2)
/// ChallengeLength(1)</c>; SMB_Data: Challenge (ChallengeLength bytes) then
/// <see cref="Names"/>: DomainName and ServerName, NUL-terminated, UTF-16LE when
/// CAP_UNICODE (smbd 4.17 does so even with Flags2 0x8000 clear, observed), else OEM, or with extended
/// security ([MS-SMB] 2.2.4.5.2.1) ServerGUID + SecurityBlob. Kept as raw bytes for round trips.
/// </summary>
public sealed record NegotiateNtLmResponse : SmbBody, IWirePacket<NegotiateNtLmResponse>
{
    private const int Words = 17;

    public NegotiateNtLmResponse(
        ushort dialectIndex, byte securityMode, ushort maxMpxCount, ushort maxNumberVcs, uint maxBufferSize, uint maxRawSize,
        uint sessionKey, SmbCapabilities capabilities, long systemTime, short serverTimeZone, ReadOnlyMemory<byte> challenge, ReadOnlyMemory<byte> names)
    {
        DialectIndex = dialectIndex;
        SecurityMode = securityMode;
        MaxMpxCount = maxMpxCount;
        MaxNumberVcs = maxNumberVcs;
        MaxBufferSize = maxBufferSize;
        MaxRawSize = maxRawSize;
        SessionKey = sessionKey;
        Capabilities = capabilities;
        SystemTime = systemTime;
        ServerTimeZone = serverTimeZone;
        Challenge = SmbBlocks.CheckData(challenge, byte.MaxValue, nameof(challenge));
        Names = SmbBlocks.CheckData(names, ushort.MaxValue - challenge.Length, nameof(names));
    }

    public ushort DialectIndex { get; }

    /// <summary>0x01 user-level security, 0x02 encrypt passwords (smbd: 0x03).</summary>
    public byte SecurityMode { get; }

    public ushort MaxMpxCount { get; }

    public ushort MaxNumberVcs { get; }

    public uint MaxBufferSize { get; }

    public uint MaxRawSize { get; }

    public uint SessionKey { get; }

    public SmbCapabilities Capabilities { get; }

    /// <summary>FILETIME (100 ns since 1601-01-01 UTC), raw.</summary>
    public long SystemTime { get; }

    /// <summary>Minutes from UTC.</summary>
    public short ServerTimeZone { get; }

    public ReadOnlyMemory<byte> Challenge { get; }

    /// <summary>Everything after the challenge: domain and server names (or GUID + blob with extended security).</summary>
    public ReadOnlyMemory<byte> Names { get; }

    public override byte WordCount => Words;

    public override int ByteCount => Challenge.Length + Names.Length;

    /// <summary>The SystemTime as a date, or null if the value is outside what <see cref="DateTime"/> can hold.</summary>
    public DateTime? SystemTimeUtc =>
        SystemTime >= 0 && SystemTime <= DateTime.MaxValue.ToFileTimeUtc() ? DateTime.FromFileTimeUtc(SystemTime) : null;

    /// <summary>
    /// Builds the reply a Messenger server gives to a client offering NT LM 0.12 at
    /// <paramref name="dialectIndex"/>, promising only what messaging honours (issue #11 item 6):
    /// SecurityMode 0x01 (user level, no challenge/response: a zero-length challenge cannot be
    /// encrypted against), no capabilities (no Unicode, no NT status, no NT SMBs: every reply we give
    /// is OEM text and a DOS error class), and DomainName/ServerName in the OEM code page.
    /// No session setup follows in messaging ([MS-MSRP] 2.1.3).
    /// </summary>
    public static NegotiateNtLmResponse Create(ushort dialectIndex, ReadOnlyMemory<byte> challenge, string domain, string server, DateTime utcNow, uint maxBufferSize = 4356, Encoding? oem = null)
    {
        ArgumentNullException.ThrowIfNull(domain);
        ArgumentNullException.ThrowIfNull(server);
        var names = (oem ?? OemCodePage.Default).GetBytes(domain + "\0" + server + "\0");
        var securityMode = challenge.Length > 0 ? (byte)0x03 : (byte)0x01;
        return new NegotiateNtLmResponse(dialectIndex, securityMode, 50, 1, maxBufferSize, 65536, 0, SmbCapabilities.None, utcNow.ToFileTimeUtc(), 0, challenge, names);
    }

    /// <summary>Decodes DomainName and ServerName (UTF-16LE under CAP_UNICODE, else OEM); false with extended security or without two NUL-terminated names.</summary>
    public bool TryGetNames(out string domain, out string server, Encoding? oem = null)
    {
        domain = server = string.Empty;
        if ((Capabilities & SmbCapabilities.CAP_EXTENDED_SECURITY) != 0)
        {
            return false;
        }

        var unicode = (Capabilities & SmbCapabilities.CAP_UNICODE) != 0;
        var text = unicode ? Encoding.Unicode.GetString(Names.Span[..(Names.Length & ~1)]) : (oem ?? OemCodePage.Default).GetString(Names.Span);
        var parts = text.Split('\0');
        if (parts.Length < 3)
        {
            return false;
        }

        domain = parts[0];
        server = parts[1];
        return true;
    }

    public static NegotiateNtLmResponse Read(ref WireReader reader)
    {
        var words = SmbBlocks.ReadWords(ref reader, Words);
        var dialectIndex = words.ReadUInt16LittleEndian();
        var securityMode = words.ReadByte();
        var maxMpxCount = words.ReadUInt16LittleEndian();
        var maxNumberVcs = words.ReadUInt16LittleEndian();
        var maxBufferSize = words.ReadUInt32LittleEndian();
        var maxRawSize = words.ReadUInt32LittleEndian();
        var sessionKey = words.ReadUInt32LittleEndian();
        var capabilities = (SmbCapabilities)words.ReadUInt32LittleEndian();
        var low = words.ReadUInt32LittleEndian();
        var systemTime = (long)(low | ((ulong)words.ReadUInt32LittleEndian() << 32));
        var timeZone = (short)words.ReadUInt16LittleEndian();
        var challengeLength = words.ReadByte();
        var bytes = SmbBlocks.ReadBytes(ref reader);
        if (challengeLength > bytes.Remaining)
        {
            bytes.Fail(PacketError.LengthOutOfRange);
        }

        var challenge = bytes.ReadBytes(challengeLength).ToArray();
        var names = bytes.ReadRemaining().ToArray();
        return new NegotiateNtLmResponse(dialectIndex, securityMode, maxMpxCount, maxNumberVcs, maxBufferSize, maxRawSize, sessionKey, capabilities, systemTime, timeZone, challenge, names);
    }

    public bool Equals(NegotiateNtLmResponse? other) =>
        other is not null && DialectIndex == other.DialectIndex && SecurityMode == other.SecurityMode && MaxMpxCount == other.MaxMpxCount
        && MaxNumberVcs == other.MaxNumberVcs && MaxBufferSize == other.MaxBufferSize && MaxRawSize == other.MaxRawSize
        && SessionKey == other.SessionKey && Capabilities == other.Capabilities && SystemTime == other.SystemTime
        && ServerTimeZone == other.ServerTimeZone && SmbBlocks.SameBytes(Challenge, other.Challenge) && SmbBlocks.SameBytes(Names, other.Names);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(DialectIndex);
        hash.Add(Capabilities);
        hash.Add(SystemTime);
        SmbBlocks.AddBytes(ref hash, Challenge);
        SmbBlocks.AddBytes(ref hash, Names);
        return hash.ToHashCode();
    }

    private protected override void WriteWords(ref WireWriter writer)
    {
        writer.WriteUInt16LittleEndian(DialectIndex);
        writer.WriteByte(SecurityMode);
        writer.WriteUInt16LittleEndian(MaxMpxCount);
        writer.WriteUInt16LittleEndian(MaxNumberVcs);
        writer.WriteUInt32LittleEndian(MaxBufferSize);
        writer.WriteUInt32LittleEndian(MaxRawSize);
        writer.WriteUInt32LittleEndian(SessionKey);
        writer.WriteUInt32LittleEndian((uint)Capabilities);
        writer.WriteUInt32LittleEndian((uint)SystemTime);
        writer.WriteUInt32LittleEndian((uint)((ulong)SystemTime >> 32));
        writer.WriteUInt16LittleEndian((ushort)ServerTimeZone);
        writer.WriteByte((byte)Challenge.Length);
    }

    private protected override void WriteBytes(ref WireWriter writer)
    {
        writer.WriteBytes(Challenge.Span);
        writer.WriteBytes(Names.Span);
    }
}
