using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Text;

namespace Messngr.Interop.Tests.Support;

/// <summary>
/// A stand-in for systemd's notify socket (sd_notify(3)): an AF_UNIX datagram socket bound to a
/// path (or an abstract name), whose datagrams are collected in order by a background loop.
/// <see cref="OnMessage"/> runs in that loop as each one arrives, so a test can probe the daemon
/// at the moment it said something (e.g. that its ports answer when it says READY=1).
/// </summary>
internal sealed class NotifySocket : IDisposable
{
    private readonly Socket _socket = new(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
    private readonly ConcurrentQueue<string> _messages = new();
    private readonly Thread _loop;

    /// <param name="address">A path, or <c>@name</c> for an abstract socket (as NOTIFY_SOCKET writes it).</param>
    /// <param name="onMessage">Runs in the receive loop for each datagram, before it is recorded.</param>
    public NotifySocket(string address, Action<string>? onMessage = null)
    {
        Address = address;
        OnMessage = onMessage;
        _socket.Bind(new UnixDomainSocketEndPoint(address.StartsWith('@') ? "\0" + address[1..] : address));
        _loop = new Thread(Receive) { IsBackground = true, Name = "notify socket" };
        _loop.Start();
    }

    /// <summary>The value for NOTIFY_SOCKET.</summary>
    public string Address { get; }

    public Action<string>? OnMessage { get; }

    public IReadOnlyList<string> Messages => [.. _messages];

    /// <summary>Waits (safety net only) until <paramref name="count"/> datagrams satisfy <paramref name="match"/>.</summary>
    public void WaitFor(Func<string, bool> match, int count, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (_messages.Count(match) < count)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{what}: not received; got:\n{string.Join("\n--\n", _messages)}");
            }

            Thread.Sleep(20);
        }
    }

    private void Receive()
    {
        var buffer = new byte[4096];
        while (true)
        {
            int length;
            try
            {
                length = _socket.Receive(buffer);
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
            {
                return;
            }

            var message = Encoding.UTF8.GetString(buffer, 0, length);
            OnMessage?.Invoke(message);
            _messages.Enqueue(message);
        }
    }

    public void Dispose()
    {
        _socket.Dispose();
        if (!Address.StartsWith('@') && File.Exists(Address))
        {
            File.Delete(Address);
        }
    }
}
