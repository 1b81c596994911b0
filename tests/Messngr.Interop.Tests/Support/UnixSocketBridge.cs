using System.Net;
using System.Net.Sockets;

namespace Messngr.Interop.Tests.Support;

/// <summary>
/// A TCP listener on 127.0.0.1 whose every connection is spliced to a Unix socket: lets a client
/// that only speaks HTTP over TCP (Prometheus Alertmanager's webhook) reach the daemon's control
/// socket in a test, until the HTTP API (issue #15, item 1) serves the same endpoint. Each
/// connection is copied both ways until either side closes; all end on dispose.
/// </summary>
internal sealed class UnixSocketBridge : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly string _socketPath;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;

    public UnixSocketBridge(string socketPath)
    {
        _socketPath = socketPath;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Connections accepted so far.</summary>
    public int Connections { get; private set; }

    private async Task AcceptAsync()
    {
        var running = new List<Task>();
        try
        {
            while (true)
            {
                var tcp = await _listener.AcceptSocketAsync(_stop.Token);
                Connections++;
                running.Add(SpliceAsync(tcp));
            }
        }
        catch (OperationCanceledException)
        {
        }

        await Task.WhenAll(running);
    }

    private async Task SpliceAsync(Socket tcp)
    {
        using (tcp)
        using (var unix = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified))
        {
            try
            {
                await unix.ConnectAsync(new UnixDomainSocketEndPoint(_socketPath), _stop.Token);
                using var a = new NetworkStream(tcp);
                using var b = new NetworkStream(unix);
                await Task.WhenAny(a.CopyToAsync(b, _stop.Token), b.CopyToAsync(a, _stop.Token));
            }
            catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException)
            {
                // either side went away
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        _stop.Dispose();
    }
}
