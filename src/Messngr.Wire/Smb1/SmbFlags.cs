using System.Diagnostics.CodeAnalysis;

namespace Messngr.Wire.Smb1;

/// <summary>[MS-CIFS] 2.2.3.1 SMB header Flags (protocols.md §6.1). Messaging requests send 0.</summary>
[Flags]
[SuppressMessage("Naming", "CA1707:Identifiers should not contain underscores", Justification = "Spec spelling (style.md).")]
public enum SmbFlags : byte
{
    None = 0,
    SMB_FLAGS_LOCK_AND_READ_OK = 0x01,
    SMB_FLAGS_BUF_AVAIL = 0x02,
    Reserved = 0x04,
    /// <summary>0x08: Impacket sets it; smbd echoes it in the reply.</summary>
    SMB_FLAGS_CASE_INSENSITIVE = 0x08,
    SMB_FLAGS_CANONICALIZED_PATHS = 0x10,
    SMB_FLAGS_OPLOCK = 0x20,
    SMB_FLAGS_OPBATCH = 0x40,
    /// <summary>0x80: the message is a reply.</summary>
    SMB_FLAGS_REPLY = 0x80,
}
