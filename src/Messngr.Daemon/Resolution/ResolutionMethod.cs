namespace Messngr.Daemon.Resolution;

/// <summary>One way of turning a NetBIOS name into addresses, in the order given by <c>--resolve-order</c> (Samba's <c>name resolve order</c>).</summary>
public enum ResolutionMethod
{
    /// <summary>The local daemon's name table and cache (over the control socket); skipped when no daemon runs.</summary>
    Cache,

    /// <summary>NBNS broadcast query on every interface's broadcast address (RFC 1002 §4.2.12, protocols.md §2.7).</summary>
    Broadcast,

    /// <summary>NBNS unicast query to the WINS server (<c>--wins-server</c>), recursion desired.</summary>
    Wins,

    /// <summary>An lmhosts file (<c>/etc/samba/lmhosts</c> by default): <c>ADDRESS NAME[#XX]</c> lines.</summary>
    Lmhosts,

    /// <summary>The host name through the system resolver (DNS, /etc/hosts).</summary>
    Dns,
}
