namespace Messngr.Wire.DceRpc;

/// <summary>
/// The [MS-MSRP] RPC interfaces (§1.9, §2.1.1, §6; protocols.md §7.1) and their CL if_vers values
/// (major in the low 16 bits, minor in the high 16).
/// </summary>
public static class MsrpInterfaces
{
    /// <summary><c>msgsvcsend</c> 5a7b91f8-ff00-11d0-a9b2-00c04fb6e6fc, over ncadg_ip_udp: NetrSendMessage.</summary>
    public static readonly Guid MsgSvcSend = new("5a7b91f8-ff00-11d0-a9b2-00c04fb6e6fc");

    /// <summary><c>msgsvcsend</c> version 1.0.</summary>
    public const uint MsgSvcSendVersion = 1;

    /// <summary><c>msgsvc</c> 17fdd703-1827-4e34-79d4-24a55c53bb37, over ncacn_np <c>\PIPE\MSGSVC</c>: name management.</summary>
    public static readonly Guid MsgSvc = new("17fdd703-1827-4e34-79d4-24a55c53bb37");

    /// <summary><c>msgsvc</c> version 1.0.</summary>
    public const uint MsgSvcVersion = 1;

    /// <summary>Opnum of NetrSendMessage in msgsvcsend ([MS-MSRP] §3.2.4).</summary>
    public const ushort NetrSendMessageOpnum = 0;
}
