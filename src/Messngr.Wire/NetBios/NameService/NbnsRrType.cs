namespace Messngr.Wire.NetBios.NameService;

/// <summary>
/// RFC 1002 4.2.1.2–4.2.1.3 QUESTION_TYPE / RR_TYPE, protocols.md §2.2. Members keep the RFC spelling.
/// </summary>
public enum NbnsRrType : ushort
{
    /// <summary>IP address RR (redirect responses only).</summary>
    A = 0x0001,
    /// <summary>Name server RR (redirect responses only).</summary>
    NS = 0x0002,
    /// <summary>NULL RR: negative query responses and WACK.</summary>
    NULL = 0x000A,
    /// <summary>NetBIOS general name service RR.</summary>
    NB = 0x0020,
    /// <summary>NetBIOS node status RR.</summary>
    NBSTAT = 0x0021,
}
