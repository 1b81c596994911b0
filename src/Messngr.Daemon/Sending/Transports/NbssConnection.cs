using System.Buffers;
using System.Net;
using System.Net.Sockets;
using Messngr.Wire.NetBios.SessionService;

namespace Messngr.Daemon.Sending.Transports;

/// <summary>
/// The client end of one TCP connection carrying NBSS frames (RFC 1002 4.3, protocols.md §5.1).
/// Every wait is bounded by the step timeout, and every frame by
/// <see cref="NbssPacket.DefaultMaxFrameLength"/> (checked from the header before the body is
/// awaited), so a peer that hangs, dribbles or floods ends in <see cref="SendOutcome.TimedOut"/>
/// or <see cref="SendOutcome.ProtocolError"/>, never a hang or an unbounded buffer. Made by
/// <see cref="ConnectAsync"/> it uses asynchronous sockets; made by <see cref="Connect"/> it waits
/// on the calling thread and bounds each wait by the recipient's <see cref="SendDeadline"/> too
/// (the async methods then complete synchronously).
/// </summary>
internal sealed class NbssConnection : IDisposable
{
    /// <summary>Keep-alives (RFC 1002 4.3.7) skipped while waiting for one reply before the peer counts as babbling.</summary>
    public const int MaxKeepAlivesPerReply = 8;

    private readonly Socket _socket;
    private readonly TimeSpan _timeout;
    private readonly bool _blocking;
    private readonly SendDeadline _deadline;
    private readonly byte[] _buffer = new byte[NbssPacket.HeaderLength + NbssPacket.DefaultMaxFrameLength];
    private int _count;

    private NbssConnection(Socket socket, IPEndPoint remote, TimeSpan timeout, bool blocking, SendDeadline deadline)
    {
        _socket = socket;
        _timeout = timeout;
        _blocking = blocking;
        _deadline = deadline;
        Remote = remote;
    }

    public IPEndPoint Remote { get; }

    /// <summary>Connects within <paramref name="timeout"/>; refused/no route → Unreachable, no answer → TimedOut.</summary>
    public static async Task<NbssConnection> ConnectAsync(IPEndPoint remote, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var socket = new Socket(remote.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await socket.ConnectAsync(remote, deadline.Token).ConfigureAwait(false);
            return new NbssConnection(socket, remote, timeout, blocking: false, SendDeadline.None);
        }
        catch (Exception ex) when (ex is SocketException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            socket.Dispose();
            throw ConnectFailure(ex, remote, timeout);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>
    /// <see cref="ConnectAsync"/> on the calling thread (<see cref="TransportSettings.BlockingIo"/>):
    /// a blocking connect(2) bounded by SO_SNDTIMEO, which Linux applies to connect too (socket(7):
    /// EINPROGRESS when it expires), set to <paramref name="timeout"/> or what is left of
    /// <paramref name="deadline"/>. The socket stays blocking at the OS level, so .NET never hands a
    /// wait to its socket-engine thread; every later wait is bounded the same way.
    /// </summary>
    public static NbssConnection Connect(IPEndPoint remote, TimeSpan timeout, SendDeadline deadline, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var wait = deadline.Bound(timeout);
        var socket = new Socket(remote.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            socket.SendTimeout = TimeoutMilliseconds(wait) is > 0 and var milliseconds ? milliseconds : throw ConnectTimedOut(remote, wait);
            socket.Connect(remote);
            return new NbssConnection(socket, remote, timeout, blocking: true, deadline);
        }
        catch (SocketException ex)
        {
            socket.Dispose();
            throw ConnectFailure(ex, remote, wait);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>
    /// A failed connect: no answer within <paramref name="waited"/> (the timer fired, or SO_SNDTIMEO
    /// expired: EINPROGRESS, or the kernel gave up: ETIMEDOUT) → TimedOut; refused, no route, network
    /// down, host unreachable, address not available → Unreachable.
    /// </summary>
    private static TransportFailure ConnectFailure(Exception ex, IPEndPoint remote, TimeSpan waited) => ex switch
    {
        SocketException { SocketErrorCode: not (SocketError.InProgress or SocketError.WouldBlock or SocketError.TimedOut) } refused =>
            new TransportFailure(SendOutcome.Unreachable, $"tcp {remote}: {SocketText(refused)}"),
        _ => ConnectTimedOut(remote, waited),
    };

    private static TransportFailure ConnectTimedOut(IPEndPoint remote, TimeSpan waited) =>
        new(SendOutcome.TimedOut, $"tcp {remote} did not accept the connection within {Seconds(waited)}");

    public async Task SendAsync(ReadOnlyMemory<byte> frame, string step, CancellationToken cancellationToken)
    {
        if (_blocking)
        {
            SendBlocking(frame.Span, step, cancellationToken);
            return;
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_timeout);
        try
        {
            while (!frame.IsEmpty)
            {
                var sent = await _socket.SendAsync(frame, SocketFlags.None, deadline.Token).ConfigureAwait(false);
                frame = frame[sent..];
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw SendTimedOut(step, _timeout);
        }
        catch (SocketException ex)
        {
            throw new TransportFailure(SendOutcome.ProtocolError, $"{Remote} dropped the connection while we sent the {step}: {SocketText(ex)}");
        }
    }

    private void SendBlocking(ReadOnlySpan<byte> frame, string step, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var wait = _deadline.Bound(_timeout);
        try
        {
            _socket.SendTimeout = TimeoutMilliseconds(wait) is > 0 and var milliseconds ? milliseconds : throw SendTimedOut(step, wait);
            while (!frame.IsEmpty)
            {
                frame = frame[_socket.Send(frame)..];
            }
        }
        catch (SocketException ex) when (ex.SocketErrorCode is SocketError.TimedOut or SocketError.WouldBlock)
        {
            throw SendTimedOut(step, wait);
        }
        catch (SocketException ex)
        {
            throw new TransportFailure(SendOutcome.ProtocolError, $"{Remote} dropped the connection while we sent the {step}: {SocketText(ex)}");
        }
    }

    /// <summary>
    /// The next frame other than a keep-alive, read within one timeout. A closed connection, a
    /// malformed frame or a flood of keep-alives is a <see cref="SendOutcome.ProtocolError"/>
    /// naming <paramref name="step"/> (what we were waiting for an answer to).
    /// </summary>
    public async Task<NbssPacket> ReadFrameAsync(string step, CancellationToken cancellationToken)
    {
        using var deadline = _blocking ? null : CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline?.CancelAfter(_timeout);
        var wait = _blocking ? _deadline.Bound(_timeout) : _timeout;
        var until = _blocking ? SendDeadline.After(wait) : SendDeadline.None;
        var keepAlives = 0;
        try
        {
            while (true)
            {
                var sequence = new ReadOnlySequence<byte>(_buffer, 0, _count);
                var result = NbssPacket.TryReadFrame(ref sequence, out var frame, out var error);
                if (result == NbssReadResult.Malformed)
                {
                    throw new TransportFailure(SendOutcome.ProtocolError,
                        $"{Remote} answered the {step} with bytes that are not an NBSS frame ({error}; first bytes {Hex(_buffer.AsSpan(0, Math.Min(_count, 8)))})");
                }

                if (result == NbssReadResult.Frame)
                {
                    var consumed = _count - (int)sequence.Length;
                    _buffer.AsSpan(consumed, _count - consumed).CopyTo(_buffer);
                    _count -= consumed;
                    if (frame is SessionKeepAlivePacket)
                    {
                        if (++keepAlives > MaxKeepAlivesPerReply)
                        {
                            throw new TransportFailure(SendOutcome.ProtocolError, $"{Remote} sent more than {MaxKeepAlivesPerReply} keep-alives instead of answering the {step}");
                        }

                        continue;
                    }

                    return frame!;
                }

                // Incomplete: the frame fits the buffer (TryReadFrame refused larger lengths), so there is room.
                var read = deadline is null
                    ? ReceiveBlocking(until, step, wait, cancellationToken)
                    : await _socket.ReceiveAsync(_buffer.AsMemory(_count), SocketFlags.None, deadline.Token).ConfigureAwait(false);
                if (read == 0)
                {
                    throw new TransportFailure(SendOutcome.ProtocolError,
                        _count == 0 ? $"{Remote} closed the connection instead of answering the {step}" : $"{Remote} closed the connection in the middle of its answer to the {step}");
                }

                _count += read;
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw AnswerTimedOut(step, _timeout);
        }
        catch (SocketException ex)
        {
            throw new TransportFailure(SendOutcome.ProtocolError, $"{Remote} dropped the connection instead of answering the {step}: {SocketText(ex)}");
        }
    }

    /// <summary>One recv(2) into the free part of the buffer, bounded by SO_RCVTIMEO set to what is left until <paramref name="until"/>.</summary>
    private int ReceiveBlocking(SendDeadline until, string step, TimeSpan wait, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        _socket.ReceiveTimeout = TimeoutMilliseconds(until.Remaining) is > 0 and var milliseconds ? milliseconds : throw AnswerTimedOut(step, wait);
        try
        {
            return _socket.Receive(_buffer.AsSpan(_count));
        }
        catch (SocketException ex) when (ex.SocketErrorCode is SocketError.TimedOut or SocketError.WouldBlock)
        {
            throw AnswerTimedOut(step, wait);
        }
    }

    /// <summary>
    /// A socket timeout in whole milliseconds, at least 1; 0 when no time is left — the caller then
    /// reports the timeout (as a socket option 0 would mean "wait for ever").
    /// </summary>
    private static int TimeoutMilliseconds(TimeSpan left) =>
        left <= TimeSpan.Zero ? 0 : (int)Math.Clamp(Math.Ceiling(left.TotalMilliseconds), 1, int.MaxValue);

    private TransportFailure SendTimedOut(string step, TimeSpan waited) =>
        new(SendOutcome.TimedOut, $"{Remote} did not take the {step} within {Seconds(waited)}");

    private TransportFailure AnswerTimedOut(string step, TimeSpan waited) =>
        new(SendOutcome.TimedOut, $"{Remote} did not answer the {step} within {Seconds(waited)}");

    /// <summary>Ends the connection cleanly (FIN after our last frame), ignoring a peer that is already gone.</summary>
    public void Close()
    {
        try
        {
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (SocketException)
        {
            // already reset by the peer
        }

        _socket.Dispose();
    }

    public void Dispose() => _socket.Dispose();

    internal static string SocketText(SocketException ex) => ex.SocketErrorCode switch
    {
        SocketError.ConnectionRefused => "connection refused",
        SocketError.HostUnreachable => "no route to host",
        SocketError.NetworkUnreachable => "network unreachable",
        SocketError.ConnectionReset => "connection reset by peer",
        SocketError.TimedOut => "timed out",
        _ => $"{ex.SocketErrorCode} ({ex.Message})",
    };

    internal static string Seconds(TimeSpan t) => $"{t.TotalSeconds:0.###} s";

    private static string Hex(ReadOnlySpan<byte> bytes) => bytes.IsEmpty ? "none" : Convert.ToHexString(bytes);
}
