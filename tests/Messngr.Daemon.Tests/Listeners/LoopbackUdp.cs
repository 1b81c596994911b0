using System.Net;
using System.Net.Sockets;

namespace Messngr.Daemon.Tests.Listeners;

/// <summary>A UDP client on 127.0.0.1 for talking to a listener bound to port 0.</summary>
internal sealed class LoopbackUdp : IDisposable
{
    private readonly UdpClient _client = new(new IPEndPoint(IPAddress.Loopback, 0));
    private Task<UdpReceiveResult>? _pending;

    public IPEndPoint LocalEndPoint => (IPEndPoint)_client.Client.LocalEndPoint!;

    public void Send(byte[] datagram, int port) => _client.Send(datagram, datagram.Length, new IPEndPoint(IPAddress.Loopback, port));

    /// <summary>The next datagram, or null after <paramref name="milliseconds"/>.</summary>
    public async Task<byte[]?> ReceiveAsync(int milliseconds = 2000)
    {
        // A receive that timed out stays pending and is reused, so it cannot swallow a later datagram.
        _pending ??= _client.ReceiveAsync();
        try
        {
            await _pending.WaitAsync(TimeSpan.FromMilliseconds(milliseconds));
        }
        catch (TimeoutException)
        {
            return null;
        }

        var result = (await _pending).Buffer;
        _pending = null;
        return result;
    }

    public void Dispose() => _client.Dispose();
}
