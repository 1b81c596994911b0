namespace Messngr.Wire.Smb1.Mailslot;

/// <summary>
/// How a writer places Databytes after the mailslot name (protocols.md §4.1). Readers never
/// assume either: they follow DataOffset.
/// </summary>
public enum MailslotPadding
{
    /// <summary>Samba: Databytes right after the name's NUL (DataOffset 87 for <c>\MAILSLOT\MESSNGR</c>), ParameterOffset 0.</summary>
    None = 0,

    /// <summary>Windows: zero bytes up to a 4-byte aligned DataOffset (88 for MESSNGR), ParameterOffset = DataOffset ([MS-MAIL] 2.2.1).</summary>
    Align4 = 1,
}
