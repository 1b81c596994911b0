namespace Messngr.Wire.Smb1.Mailslot;

/// <summary>Setup[2] of a mailslot write: [MS-MAIL] 2.2.1 (protocols.md §4.1). Other values are kept as read.</summary>
public enum MailslotClass : ushort
{
    /// <summary>1: first class, reliable — not for datagrams.</summary>
    FirstClass = 1,

    /// <summary>2: second class, unreliable, may be broadcast — every datagram mailslot write.</summary>
    SecondClass = 2,
}
