using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Messngr.Wire.NetBios.NameService;

namespace Messngr.Daemon.Tests.Resolution;

/// <summary>
/// A scripted NBNS peer on a loopback address: every request it receives is recorded and handed to
/// <c>respond</c>, whose datagrams (built with the Wire codecs, or raw garbage) go back to the sender.
/// </summary>
internal sealed class NbnsResponder : IDisposable
{
    private readonly UdpClient _udp;
    private readonly Func<NbnsPacket, IPEndPoint, IEnumerable<byte[]>> _respond;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public NbnsResponder(Func<NbnsPacket, IPEndPoint, IEnumerable<byte[]>> respond, IPAddress? address = null, int port = 0)
    {
        _respond = respond;
        _udp = new UdpClient(new IPEndPoint(address ?? IPAddress.Loopback, port));
        _loop = Task.Run(LoopAsync);
    }

    public IPEndPoint EndPoint => (IPEndPoint)_udp.Client.LocalEndPoint!;

    public int Port => EndPoint.Port;

    public IPAddress Address => EndPoint.Address;

    public ConcurrentQueue<NbnsPacket> Requests { get; } = new();

    /// <summary>Arrival times of the requests (Stopwatch timestamps).</summary>
    public ConcurrentQueue<long> Times { get; } = new();

    /// <summary>Sends <paramref name="datagram"/> from this responder's socket.</summary>
    public void Send(byte[] datagram, IPEndPoint to) => _udp.Send(datagram, datagram.Length, to);

    public void Dispose()
    {
        _stop.Cancel();
        _udp.Dispose();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(2));
        }
        catch (AggregateException)
        {
            // the socket was closed under the receive
        }

        _stop.Dispose();
    }

    private async Task LoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            UdpReceiveResult received;
            try
            {
                received = await _udp.ReceiveAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            if (!NbnsPacket.TryParse(received.Buffer, out var request, out _))
            {
                continue;
            }

            Requests.Enqueue(request!);
            Times.Enqueue(System.Diagnostics.Stopwatch.GetTimestamp());
            foreach (var reply in _respond(request!, received.RemoteEndPoint))
            {
                try
                {
                    _udp.Send(reply, reply.Length, received.RemoteEndPoint);
                }
                catch (ObjectDisposedException)
                {
                    return;
                }
            }
        }
    }
}
