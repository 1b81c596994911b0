using System.Net;
using Messngr.Wire.NetBios;

namespace Messngr.Daemon.Sending;

/// <summary>The three classic wire paths one message can take (implemented in <c>Transports/</c>; replaced in engine tests).</summary>
internal interface IClassicTransports
{
    /// <summary>
    /// NBSS session to <paramref name="endpoint"/> called <paramref name="called"/>, then the SMB message
    /// commands (protocols.md §5, §6); blocking I/O is bounded by <paramref name="deadline"/>, asynchronous I/O by the token.
    /// </summary>
    Task<TransportResult> SmbAsync(IPEndPoint endpoint, NetBiosName called, NetBiosName calling, ClassicMessage message, SendTrace? trace, SendDeadline deadline, CancellationToken cancellationToken);

    /// <summary>[MS-MSRP] NetrSendMessage over connectionless DCE/RPC (protocols.md §7).</summary>
    Task<TransportResult> RpcAsync(IPEndPoint endpoint, ClassicMessage message, SendTrace? trace, CancellationToken cancellationToken);

    /// <summary>One <c>\MAILSLOT\MESSNGR</c> datagram (protocols.md §3, §4): DIRECT_UNIQUE to a <c>&lt;03&gt;</c> <paramref name="destination"/>, DIRECT_GROUP otherwise.</summary>
    Task<TransportResult> MailslotAsync(IPEndPoint endpoint, NetBiosName source, NetBiosName destination, IPAddress sourceAddress, ClassicMessage message, SendTrace? trace, CancellationToken cancellationToken);

    /// <summary>The messenger name a machine holds, asked by node status (RFC 1002 4.2.17); null when it does not answer or holds none.</summary>
    Task<NetBiosName?> MessengerNameAtAsync(IPAddress address, SendTrace? trace, CancellationToken cancellationToken);
}
