using System.Net;

namespace Messngr.Daemon.Names;

/// <summary>
/// Sends one NBNS datagram. Implemented by the UDP 137 listener, so that registrations leave
/// from port 137: Win95 and nmbd answer to port 137 whatever the source port (protocols.md §2.7).
/// </summary>
internal interface INbnsSender
{
    void Send(ReadOnlySpan<byte> datagram, IPEndPoint to);
}
