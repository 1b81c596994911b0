using System.Net;
using System.Net.Sockets;

namespace Messngr.Daemon.Listeners;

/// <summary>
/// A listening TCP socket that no other process shares (issue #12, item 1): SO_REUSEADDR alone —
/// for TCP on Linux it only lets the port be bound again while old connections sit in TIME_WAIT;
/// two listeners still conflict. Not .NET's ReuseAddress, which adds SO_REUSEPORT: that lets a
/// second listener of the same uid (smbd as root, another messngr) share the port and take half
/// the connections. Used by the session service (TCP 139) and the native transport.
/// </summary>
internal static class ExclusiveTcpListen
{
    // <sys/socket.h> on Linux (asm-generic/socket.h): SOL_SOCKET 1, SO_REUSEADDR 2.
    private const int SolSocket = 1;
    private const int SoReuseAddr = 2;

    /// <summary>Binds and listens on <paramref name="endPoint"/>; throws <see cref="SocketException"/> (the socket disposed) when it cannot.</summary>
    public static Socket Open(IPEndPoint endPoint, int backlog = 128)
    {
        var socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.SetRawSocketOption(SolSocket, SoReuseAddr, BitConverter.GetBytes(1));
            socket.Bind(endPoint);
            socket.Listen(backlog);
            return socket;
        }
        catch (SocketException)
        {
            socket.Dispose();
            throw;
        }
    }
}
