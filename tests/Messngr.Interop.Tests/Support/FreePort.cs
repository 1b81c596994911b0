using System.Net;
using System.Net.Sockets;

namespace Messngr.Interop.Tests.Support;

/// <summary>
/// Unprivileged ports on 127.0.0.1 that are free for both TCP and UDP right now, and never one this
/// test process was handed before: the kernel may give the same ephemeral port to two probes in a
/// row, and a serve once got its RPC port equal to its datagram port ("rpc is not running: udp
/// port … is in use").
/// </summary>
internal static class FreePort
{
    private static readonly HashSet<int> HandedOut = [];

    public static int Next()
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            using var tcp = new TcpListener(IPAddress.Loopback, 0);
            tcp.Start();
            var port = ((IPEndPoint)tcp.LocalEndpoint).Port;
            lock (HandedOut)
            {
                if (HandedOut.Contains(port))
                {
                    continue;
                }
            }

            try
            {
                using var udp = new UdpClient(new IPEndPoint(IPAddress.Loopback, port));
            }
            catch (SocketException)
            {
                continue; // taken for UDP; try another
            }

            lock (HandedOut)
            {
                if (HandedOut.Add(port))
                {
                    return port;
                }
            }
        }

        throw new InvalidOperationException("no free port on 127.0.0.1");
    }
}
