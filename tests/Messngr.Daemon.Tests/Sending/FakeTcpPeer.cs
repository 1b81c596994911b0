using System.Net;
using System.Net.Sockets;

namespace Messngr.Daemon.Tests.Sending;

/// <summary>
/// A TCP server on 127.0.0.1:0 that runs one scripted behaviour per accepted connection (answer
/// garbage, hang, close, flood…), to prove the sender ends every such case with an outcome.
/// </summary>
internal sealed class FakeTcpPeer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public FakeTcpPeer(Func<NetworkStream, CancellationToken, Task> behaviour)
    {
        _listener.Start();
        _loop = Task.Run(async () =>
        {
            while (!_stop.IsCancellationRequested)
            {
                TcpClient client;
                try
                {
                    client = await _listener.AcceptTcpClientAsync(_stop.Token);
                }
                catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
                {
                    return;
                }

                _ = Task.Run(async () =>
                {
                    using (client)
                    {
                        try
                        {
                            await behaviour(client.GetStream(), _stop.Token);
                        }
                        catch (Exception ex) when (ex is IOException or OperationCanceledException or SocketException or ObjectDisposedException)
                        {
                            // the sender went away: fine
                        }
                    }
                });
            }
        });
    }

    public IPEndPoint EndPoint => (IPEndPoint)_listener.LocalEndpoint;

    /// <summary>Reads exactly <paramref name="count"/> bytes (e.g. the 72-byte session request).</summary>
    public static async Task<byte[]> ReadExactlyAsync(NetworkStream stream, int count, CancellationToken cancellationToken)
    {
        var buffer = new byte[count];
        await stream.ReadExactlyAsync(buffer, cancellationToken);
        return buffer;
    }

    /// <summary>Reads one NBSS frame (header + body) and returns its body.</summary>
    public static async Task<byte[]> ReadFrameAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        var header = await ReadExactlyAsync(stream, 4, cancellationToken);
        var length = ((header[1] & 1) << 16) | (header[2] << 8) | header[3];
        return await ReadExactlyAsync(stream, length, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _loop;
        _stop.Dispose();
    }
}
