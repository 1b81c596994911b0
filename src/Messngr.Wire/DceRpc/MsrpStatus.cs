using System.Diagnostics.CodeAnalysis;

namespace Messngr.Wire.DceRpc;

/// <summary>
/// Return values (error_status_t) of the [MS-MSRP] methods: NetrSendMessage §3.2.4.1 and notes
/// &lt;21&gt;–&lt;24&gt; (protocols.md §7.2), name management §3.1.4 (protocols.md §7.3). Values from
/// [MS-ERREF]; spec spelling kept. NERR_NetworkError is 0x858 ([MS-MSRP] §3.1.4.1's 0x859 is a typo).
/// </summary>
[SuppressMessage("Naming", "CA1707:Identifiers should not contain underscores", Justification = "Names mirror the [MS-MSRP]/[MS-ERREF] constants.")]
public static class MsrpStatus
{
    public const uint NERR_Success = 0;

    public const uint ERROR_ACCESS_DENIED = 0x5;

    /// <summary>Vista – 2008 R2 answer every NetrSendMessage with this ([MS-MSRP] note &lt;22&gt;).</summary>
    public const uint ERROR_NOT_SUPPORTED = 0x32;

    public const uint ERROR_INVALID_PARAMETER = 0x57;

    public const uint ERROR_INVALID_NAME = 0x7B;

    public const uint NERR_NetworkError = 0x858;

    public const uint NERR_NameNotFound = 0x8E1;

    public const uint NERR_AlreadyExists = 0x8E4;

    public const uint NERR_TooManyNames = 0x8E5;

    public const uint NERR_DelComputerName = 0x8E6;

    public const uint NERR_GrpMsgProcessor = 0x8E8;

    public const uint NERR_PausedRemote = 0x8E9;

    public const uint NERR_BadReceive = 0x8EA;

    public const uint NERR_NameInUse = 0x8EB;

    /// <summary>The To name is not in the recipient's name table.</summary>
    public const uint NERR_NotLocalName = 0x8ED;

    public const uint NERR_TruncatedBroadcast = 0x8F1;

    public const uint NERR_DuplicateName = 0x8F9;

    public const uint NERR_IncompleteDel = 0x8FB;
}
