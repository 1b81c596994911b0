namespace Messngr.Daemon.Sending;

/// <summary>The classic path a message takes (<c>messngr send --transport</c>).</summary>
public enum SendTransport
{
    /// <summary>SMB over an NBSS session, falling back to RPC when the session path is refused (as Windows does).</summary>
    Auto,

    /// <summary>NBSS session (TCP 139) + SMB message commands 0xD0 or 0xD5/0xD7/0xD6 (protocols.md §5, §6).</summary>
    Smb,

    /// <summary>A <c>\MAILSLOT\MESSNGR</c> datagram (UDP 138, protocols.md §3, §4).</summary>
    Mailslot,

    /// <summary>[MS-MSRP] NetrSendMessage over connectionless DCE/RPC (UDP 135, protocols.md §7).</summary>
    Rpc,

    /// <summary>The messngr native transport through the local daemon: TLS 1.3, authenticated, with receipts (docs/native-protocol.md; issue #13).</summary>
    Native,
}
