namespace Messngr.Daemon.Core;

/// <summary>
/// A transport as users write it (<c>--transport smb</c>, <c>history</c>'s transport field,
/// <c>MESSNGR_TRANSPORT</c>): <c>smb</c>, <c>mailslot</c>, <c>rpc</c>, never the enum's
/// <c>Smb</c>. The one spelling for logs and every text shown (issue #12, item 6).
/// </summary>
internal static class MessageTransportName
{
    public static string Of(MessageTransport transport) => transport switch
    {
        MessageTransport.Smb => "smb",
        MessageTransport.Mailslot => "mailslot",
        MessageTransport.Rpc => "rpc",
        MessageTransport.Native => "native",
        MessageTransport.Local => "local",
        _ => "unknown",
    };
}
