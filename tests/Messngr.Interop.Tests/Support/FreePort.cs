using System.Net;
using System.Net.Sockets;

namespace Messngr.Interop.Tests.Support;

/// <summary>Unprivileged ports on 127.0.0.1 that are free for both TCP and UDP right now.</summary>
internal static class FreePort
{
    public static int Next()
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            using var tcp = new TcpListener(IPAddress.Loopback, 0);
            tcp.Start();
            var port = ((IPEndPoint)tcp.LocalEndpoint).Port;
            try
            {
                using var udp = new UdpClient(new IPEndPoint(IPAddress.Loopback, port));
                return port;
            }
            catch (SocketException)
            {
                // taken for UDP; try another
            }
        }

        throw new InvalidOperationException("no free port on 127.0.0.1");
    }
}
