using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Messngr.Wire.NetBios.NameService;

namespace Messngr.Daemon.Resolution;

/// <summary>
/// One NBNS request/response exchange from an ephemeral UDP port (a local daemon may own 137):
/// the request is sent to every destination, retransmitted with the same NAME_TRN_ID every
/// interval until an answer arrives or the transmissions run out (RFC 1002 §5.1.1.3, §5.1.2.3,
/// protocols.md §2.7, §2.9). Each datagram that arrives goes through <c>NbnsPacket.TryParse</c>
/// and then the caller's handler; garbage and anything the handler ignores is dropped, counted and
/// never answered (style.md: a reply to a spoofed datagram is an amplifier).
/// </summary>
internal sealed class NbnsExchange : IDisposable
{
    private static int _nextId = RandomNumberGenerator.GetInt32(0, ushort.MaxValue + 1);

    private readonly Socket _socket;
    private readonly List<string> _sendErrors = [];
    private bool _anySent;

    public NbnsExchange(IPAddress bindAddress, bool broadcast)
    {
        ArgumentNullException.ThrowIfNull(bindAddress);
        _socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            _socket.EnableBroadcast = broadcast;
            _socket.Bind(new IPEndPoint(bindAddress, 0));
        }
        catch
        {
            _socket.Dispose();
            throw;
        }
    }

    public IPEndPoint LocalEndPoint => (IPEndPoint)_socket.LocalEndPoint!;

    /// <summary>Datagrams dropped: malformed, or not an answer to this request.</summary>
    public int Ignored { get; private set; }

    /// <summary>Destinations the request could not be sent to, with the reason.</summary>
    public IReadOnlyList<string> SendErrors => _sendErrors;

    /// <summary>True when no transmission could be sent at all.</summary>
    public bool NothingSent => !_anySent;

    /// <summary>A fresh NAME_TRN_ID for every request of this process (sequential from a random start, as nmbd does).</summary>
    public static ushort NextTransactionId() => (ushort)Interlocked.Increment(ref _nextId);

    /// <summary>
    /// Sends <paramref name="request"/> up to <paramref name="transmissions"/> times,
    /// <paramref name="interval"/> apart, and passes every parsed datagram to <paramref name="handle"/>
    /// until it says <see cref="NbnsReplyKind.Finished"/>, the interval after an answer ends, or the
    /// last interval ends. A WACK stops retransmitting and waits its TTL, at most <paramref name="maximumWait"/>.
    /// Returns false when nothing answered.
    /// </summary>
    public async Task<bool> RunAsync(
        NbnsPacket request,
        IReadOnlyList<IPEndPoint> destinations,
        TimeSpan interval,
        int transmissions,
        TimeSpan maximumWait,
        Func<NbnsPacket, IPEndPoint, NbnsReply> handle,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(destinations);
        ArgumentNullException.ThrowIfNull(handle);
        var datagram = request.ToArray();
        var buffer = new byte[NbnsPacket.MaxLength + 1];
        var answered = false;
        var sent = 1;
        Send(datagram, destinations);
        var deadline = Stopwatch.GetTimestamp() + ToTicks(interval);
        while (true)
        {
            var remaining = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), deadline);
            if (remaining <= TimeSpan.Zero)
            {
                if (answered || sent >= transmissions)
                {
                    return answered;
                }

                sent++;
                Send(datagram, destinations);
                deadline = Stopwatch.GetTimestamp() + ToTicks(interval);
                continue;
            }

            SocketReceiveFromResult received;
            using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                timeout.CancelAfter(remaining);
                try
                {
                    received = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), timeout.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    continue;
                }
                catch (SocketException ex) when (ex.SocketErrorCode is SocketError.ConnectionRefused or SocketError.ConnectionReset or SocketError.HostUnreachable or SocketError.NetworkUnreachable)
                {
                    // An ICMP error for an earlier transmission: nobody listens there; keep waiting for the others.
                    continue;
                }
            }

            if (received.ReceivedBytes > NbnsPacket.MaxLength
                || !NbnsPacket.TryParse(buffer.AsSpan(0, received.ReceivedBytes), out var packet, out _))
            {
                Ignored++;
                continue;
            }

            var reply = handle(packet!, (IPEndPoint)received.RemoteEndPoint);
            switch (reply.Kind)
            {
                case NbnsReplyKind.Finished:
                    return true;
                case NbnsReplyKind.Answered:
                    answered = true;
                    break;
                case NbnsReplyKind.Wait:
                    // RFC 1002 4.2.16: the server is working on it; no more retransmissions.
                    sent = transmissions;
                    var wait = reply.Wait > maximumWait ? maximumWait : reply.Wait;
                    deadline = Stopwatch.GetTimestamp() + ToTicks(wait);
                    break;
                default:
                    Ignored++;
                    break;
            }
        }
    }

    public void Dispose() => _socket.Dispose();

    private void Send(byte[] datagram, IReadOnlyList<IPEndPoint> destinations)
    {
        foreach (var destination in destinations)
        {
            try
            {
                _socket.SendTo(datagram, destination);
                _anySent = true;
            }
            catch (SocketException ex)
            {
                var error = $"{destination.Address}: {ex.Message}";
                if (!_sendErrors.Contains(error))
                {
                    _sendErrors.Add(error);
                }
            }
        }
    }

    private static long ToTicks(TimeSpan span) => (long)(span.TotalSeconds * Stopwatch.Frequency);
}
