using System.Net;
using System.Net.Sockets;
using Messngr.Bench.Harness;
using NATS.Client.Core;

namespace Messngr.Bench.Peers;

/// <summary>
/// Makes the NATS client's TCP connection from the bench's client namespace (the bench process
/// itself lives in the machine's namespace, which has no route to the bench LAN): the socket is
/// created by a thread that entered the namespace (<see cref="BenchLab.CreateSocket"/>), then used
/// from any thread. The connection hands its socket to the client (<see cref="INatsTlsUpgradeableSocketConnection"/>)
/// so that, against the JetStream peer with TLS, the client upgrades it after the server's INFO as
/// usual (nats-server 2.9 speaks TLS only after its plain-text INFO); against the plain peer it stays TCP.
/// </summary>
internal sealed class NamespaceNatsSocketFactory(BenchLab lab) : INatsSocketConnectionFactory
{
    public async ValueTask<INatsSocketConnection> ConnectAsync(Uri uri, NatsOpts opts, CancellationToken cancellationToken)
    {
        var socket = lab.CreateSocket(lab.Client, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.NoDelay = true;
            await socket.ConnectAsync(new IPEndPoint(IPAddress.Parse(uri.Host), uri.Port), cancellationToken).ConfigureAwait(false);
            return new Connection(socket);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private sealed class Connection(Socket socket) : INatsTlsUpgradeableSocketConnection
    {
        public Socket Socket => socket;

        public ValueTask<int> SendAsync(ReadOnlyMemory<byte> buffer) => socket.SendAsync(buffer, SocketFlags.None);

        public ValueTask<int> ReceiveAsync(Memory<byte> buffer) => socket.ReceiveAsync(buffer, SocketFlags.None);

        public ValueTask DisposeAsync()
        {
            try
            {
                socket.Shutdown(SocketShutdown.Both);
            }
            catch (SocketException)
            {
                // already gone
            }

            socket.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
