using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Text;
using Messngr.Daemon.Control;

namespace Messngr.Daemon.Tests.Control;

/// <summary>
/// A control socket in front of a real one that relays every byte and keeps each request's
/// request line (<c>POST /v1/send HTTP/1.0</c>): the <c>messngr</c> client makes one connection per
/// request, so the lines are the requests a command made. Point the command at
/// <see cref="StateDirectory"/>.
/// </summary>
internal sealed class CountingControlProxy : IAsyncDisposable
{
    private readonly Socket _listener = new(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
    private readonly string _target;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentBag<Task> _relays = [];
    private readonly Task _accepting;

    public CountingControlProxy(string targetSocket)
    {
        _target = targetSocket;
        StateDirectory = Directory.CreateTempSubdirectory("messngr-proxy-").FullName;
        _listener.Bind(new UnixDomainSocketEndPoint(ControlServer.SocketPathFor(StateDirectory)));
        _listener.Listen(64);
        _accepting = AcceptAsync();
    }

    public string StateDirectory { get; }

    /// <summary>The request line of every request, in the order they arrived.</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _relays.Add(RelayAsync(client));
        }
    }

    private async Task RelayAsync(Socket client)
    {
        using var server = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        using var clientStream = new NetworkStream(client, ownsSocket: true);
        try
        {
            await server.ConnectAsync(new UnixDomainSocketEndPoint(_target), _stop.Token);
            using var serverStream = new NetworkStream(server, ownsSocket: false);

            // The head comes first; the request line is its first line.
            var head = new List<byte>();
            var buffer = new byte[4096];
            while (!head.Contains((byte)'\n'))
            {
                var read = await clientStream.ReadAsync(buffer, _stop.Token);
                if (read == 0)
                {
                    return;
                }

                head.AddRange(buffer.AsSpan(0, read));
                await serverStream.WriteAsync(buffer.AsMemory(0, read), _stop.Token);
            }

            Requests.Enqueue(Encoding.ASCII.GetString([.. head]).Split("\r\n")[0]);
            var up = clientStream.CopyToAsync(serverStream, _stop.Token);
            var down = serverStream.CopyToAsync(clientStream, _stop.Token);
            await Task.WhenAny(up, down);
            await down; // the daemon answers and closes (HTTP/1.0); then the client goes
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException)
        {
            // a side went away: the relay ends with it
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Dispose();
        await _accepting;
        await Task.WhenAll(_relays);
        _stop.Dispose();
        Directory.Delete(StateDirectory, recursive: true);
    }
}
