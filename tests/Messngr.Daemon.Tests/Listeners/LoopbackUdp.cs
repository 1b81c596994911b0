using System.Net;
using System.Net.Sockets;

namespace Messngr.Daemon.Tests.Listeners;

/// <summary>A UDP client on 127.0.0.1 for talking to a listener bound to port 0.</summary>
internal sealed class LoopbackUdp : IDisposable
{
    private readonly UdpClient _client = new(new IPEndPoint(IPAddress.Loopback, 0));

    public IPEndPoint LocalEndPoint => (IPEndPoint)_client.Client.LocalEndPoint!;

    public void Send(byte[] datagram, int port) => _client.Send(datagram, datagram.Length, new IPEndPoint(IPAddress.Loopback, port));

    /// <summary>The next datagram, or null after <paramref name="milliseconds"/>.</summary>
    public byte[]? Receive(int milliseconds = 2000)
    {
        var receive = _client.ReceiveAsync();
        return receive.Wait(milliseconds) ? receive.Result.Buffer : null;
    }

    public void Dispose() => _client.Dispose();
}
