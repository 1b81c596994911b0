namespace Messngr.Daemon.Core;

/// <summary>How a message arrived (the <c>transport</c> field of history entries).</summary>
internal enum MessageTransport
{
    /// <summary>NBSS session + SMB message commands 0xD0/0xD5–0xD7 on TCP 139.</summary>
    Smb,

    /// <summary><c>\MAILSLOT\MESSNGR</c> datagram on UDP 138.</summary>
    Mailslot,

    /// <summary>[MS-MSRP] NetrSendMessage over connectionless DCE/RPC on UDP 135.</summary>
    Rpc,

    /// <summary>messngr's own authenticated transport.</summary>
    Native,

    /// <summary>From a user of this host (<c>messngr send /users</c>), shown on its terminals without crossing the network.</summary>
    Local,
}
