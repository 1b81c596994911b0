using System.Diagnostics.CodeAnalysis;

namespace Messngr.Wire.Smb1;

/// <summary>
/// [MS-CIFS] 2.2.2.1 SMB command codes that matter to a Messenger (protocols.md §6.2), with the
/// spec's spelling. 0xD0–0xD7 are the [SMB-CORE] §6 message commands ([MS-MSRP] 2.2.3);
/// 0xD8–0xDA are *not* messaging (a common mistake) but reserved bulk commands.
/// </summary>
[SuppressMessage("Naming", "CA1707:Identifiers should not contain underscores", Justification = "Spec spelling (style.md).")]
public enum SmbCommand : byte
{
    /// <summary>0x25: mailslot writes inside NBDS datagrams (protocols.md §4).</summary>
    SMB_COM_TRANSACTION = 0x25,

    SMB_COM_ECHO = 0x2B,

    /// <summary>0x72: optional before messaging, but smbd 4.17 drops 0xD0 without it (protocols.md §6.5).</summary>
    SMB_COM_NEGOTIATE = 0x72,

    SMB_COM_SESSION_SETUP_ANDX = 0x73,

    SMB_COM_TREE_CONNECT_ANDX = 0x75,

    /// <summary>0xD0 (Samba SMBsends): single-block message, [MS-MSRP] 2.2.3.1.</summary>
    SMB_COM_SEND_MESSAGE = 0xD0,

    /// <summary>0xD1 (SMBsendb): broadcast message, same layout as 0xD0.</summary>
    SMB_COM_SEND_BROADCAST_MESSAGE = 0xD1,

    /// <summary>0xD2 (SMBfwdname): forward a user name.</summary>
    SMB_COM_FORWARD_USER_NAME = 0xD2,

    /// <summary>0xD3 (SMBcancelf): cancel forwarding.</summary>
    SMB_COM_CANCEL_FORWARD = 0xD3,

    /// <summary>0xD4 (SMBgetmac): get machine name.</summary>
    SMB_COM_GET_MACHINE_NAME = 0xD4,

    /// <summary>0xD5 (SMBsendstrt): start of a multi-block message, [MS-MSRP] 2.2.3.2.</summary>
    SMB_COM_SEND_START_MB_MESSAGE = 0xD5,

    /// <summary>0xD6 (SMBsendend): end of a multi-block message, [MS-MSRP] 2.2.3.4.</summary>
    SMB_COM_SEND_END_MB_MESSAGE = 0xD6,

    /// <summary>0xD7 (SMBsendtxt): one text block of a multi-block message, [MS-MSRP] 2.2.3.3.</summary>
    SMB_COM_SEND_TEXT_MB_MESSAGE = 0xD7,

    SMB_COM_READ_BULK = 0xD8,

    SMB_COM_WRITE_BULK = 0xD9,

    SMB_COM_WRITE_BULK_DATA = 0xDA,
}
