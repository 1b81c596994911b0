namespace Messngr.Wire.Smb1;

/// <summary>
/// Read-side bounds of the SMB messaging codecs: tolerant of what real senders do, never
/// unbounded. Write-side limits are the spec's (<see cref="MessageLimits.SmbNameBytes"/> = 15,
/// <see cref="MessageLimits.SmbBlockBytes"/> = 128) and are enforced by the <c>Create</c> factories.
/// </summary>
public static class SmbLimits
{
    /// <summary>
    /// Longest originator/destination/machine name accepted on read, NUL excluded. [MS-MSRP]
    /// 2.2.3.1 says 15, but smbclient sends its <c>-U</c> user name unchecked; Samba copies names
    /// into 256-byte <c>fstring</c>s, hence 255.
    /// </summary>
    public const int MaxNameBytes = 255;

    /// <summary>
    /// Longest text of one 0xD0/0xD1/0xD7 block accepted on read. Samba does not enforce 128
    /// (protocols.md §6.7); one block may not exceed our whole-message cap.
    /// </summary>
    public const int MaxBlockBytes = MessageLimits.MultiBlockMessageBytes;

    /// <summary>Dialects in one NEGOTIATE request (Windows clients offer about a dozen).</summary>
    public const int MaxDialects = 64;

    /// <summary>Longest dialect name, NUL excluded.</summary>
    public const int MaxDialectBytes = 255;
}
