namespace Messngr.Wire;

/// <summary>Length limits of each classic path, in bytes of OEM text unless named otherwise.</summary>
public static class MessageLimits
{
    /// <summary>Data of one SMB_COM_SEND_MESSAGE (0xD0) or one 0xD7 block: [MS-MSRP] 2.2.3.1, 2.2.3.3.</summary>
    public const int SmbBlockBytes = 128;

    /// <summary>Block size smbclient 4.17 cuts multi-block text into (protocols.md §6.4, climessage.c).</summary>
    public const int SmbclientBlockBytes = 127;

    /// <summary>OriginatorName / DestinationName in SMB messaging: 15 bytes + NUL ([MS-MSRP] 2.2.3.1).</summary>
    public const int SmbNameBytes = 15;

    /// <summary>Text over the mailslot / NetrSendMessage path: [MS-MSRP] 3.2.4.4 ("≤ 652 bytes").</summary>
    public const int MessageTextBytes = 652;

    /// <summary>smbclient's whole-message buffer: "automatically truncated if the message is over 1600 bytes" (smbclient(1)).</summary>
    public const int SmbclientMessageBytes = 1600;

    /// <summary>Mailslot Databytes for <c>\MAILSLOT\MESSNGR</c>: 432 − round_up_4(len("MESSNGR")) ([MS-MAIL] 2.1, note &lt;2&gt;).</summary>
    public const int MailslotPayloadBytes = 424;

    /// <summary>Broadcast messages ("net send *", "/domain"): 128 characters (net send reference, [MS-MSRP] 3.2.4.1 NERR_TruncatedBroadcast).</summary>
    public const int BroadcastCharacters = 128;

    /// <summary>Characters a display shows at most ([MS-MSRP] notes &lt;24&gt;, &lt;26&gt;).</summary>
    public const int DisplayCharacters = 4095;

    /// <summary>Our own cap on a reassembled multi-block SMB message (16 blocks of 128 bytes beyond smbclient's 1600).</summary>
    public const int MultiBlockMessageBytes = 4096;
}
