using System.Buffers;
using System.Buffers.Binary;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Threading.Channels;
using Messngr.Daemon.Core;

namespace Messngr.Daemon.Native;

/// <summary>
/// <see cref="IFrameChannel"/> over an authenticated <see cref="SslStream"/>. One owned reader task
/// takes frames off the stream into a bounded queue (so the end of the connection, a close by the
/// peer, is seen at once even while nobody receives, and a full queue stops reading: back-pressure);
/// sends take a lock and write prefix and bytes as one record. <see cref="TlsWatchdog"/> enforces
/// the frame, write and idle deadlines by aborting the socket.
/// </summary>
internal sealed class TlsFrameChannel : IFrameChannel
{
    private const int PrefixLength = 4;

    private readonly Socket _socket;
    private readonly SslStream _stream;
    private readonly DaemonLimits _limits;
    private readonly TlsWatchdog _watchdog;
    private readonly Channel<byte[]> _frames;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly CancellationTokenSource _closing = new();
    private readonly Task _reader;
    private TlsChannelException? _failure;
    private volatile bool _ended;

    public TlsFrameChannel(Socket socket, SslStream stream, X509Certificate2 peerCertificate, IPEndPoint remote, DaemonLimits limits, TimeProvider time)
    {
        _socket = socket;
        _stream = stream;
        _limits = limits;
        PeerCertificate = peerCertificate;
        RemoteEndPoint = remote;
        _frames = Channel.CreateBounded<byte[]>(new BoundedChannelOptions(limits.NativeReceiveQueue) { SingleWriter = true });
        _watchdog = new TlsWatchdog(limits, time, (failure, reason) => Fail(new TlsChannelException(failure, reason)));
        _reader = Task.Run(ReadLoopAsync, CancellationToken.None);
    }

    public X509Certificate2 PeerCertificate { get; }

    public IPEndPoint RemoteEndPoint { get; }

    /// <summary>The negotiated protocol: always TLS 1.3, the only one either role enables.</summary>
    public System.Security.Authentication.SslProtocols Protocol => _stream.SslProtocol;

    public bool IsOpen => !_ended && Volatile.Read(ref _failure) is null;

    public Task Completion => _reader;

    /// <summary>Why the connection failed or was closed; null while open or after a clean end by the peer.</summary>
    public TlsChannelException? Failure => Volatile.Read(ref _failure);

    /// <inheritdoc/>
    /// <remarks><paramref name="cancellationToken"/> only stops the wait for the write lock: a frame half written cannot be taken back.</remarks>
    public async ValueTask SendAsync(ReadOnlyMemory<byte> frame, CancellationToken cancellationToken = default)
    {
        if (frame.Length > _limits.NativeMaxFrameLength)
        {
            throw new ArgumentOutOfRangeException(nameof(frame), frame.Length, $"a frame holds at most {_limits.NativeMaxFrameLength} bytes (DaemonLimits.NativeMaxFrameLength)");
        }

        ThrowIfFailed();
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        var buffer = ArrayPool<byte>.Shared.Rent(PrefixLength + frame.Length);
        try
        {
            ThrowIfFailed();
            BinaryPrimitives.WriteUInt32BigEndian(buffer, (uint)frame.Length);
            frame.Span.CopyTo(buffer.AsSpan(PrefixLength));
            _watchdog.WriteStarted();
            await _stream.WriteAsync(buffer.AsMemory(0, PrefixLength + frame.Length), CancellationToken.None).ConfigureAwait(false);
            _watchdog.WriteEnded();
        }
        catch (Exception ex) when (ex is not TlsChannelException)
        {
            throw Fail(ex);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            _writeLock.Release();
        }
    }

    public async ValueTask<byte[]?> ReceiveAsync(CancellationToken cancellationToken = default)
    {
        // Frames that arrived whole before a failure are still delivered; then the failure is thrown.
        while (await _frames.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
        {
            if (_frames.Reader.TryRead(out var frame))
            {
                return frame;
            }
        }

        return null;
    }

    /// <summary>Closes the connection now (from any thread); pending and later calls throw <see cref="TlsChannelException"/> with <paramref name="failure"/>.</summary>
    public void Abort(TlsChannelFailure failure, string reason) => Fail(new TlsChannelException(failure, reason));

    public async ValueTask DisposeAsync()
    {
        Fail(new TlsChannelException(TlsChannelFailure.Closed, "the connection was closed by this end"));
        await _reader.ConfigureAwait(false);
        _watchdog.Dispose();
        await _stream.DisposeAsync().ConfigureAwait(false);
        _closing.Dispose();
    }

    // Grammar (docs: issue #13 item 3): frame = length:u32be  bytes:length  ; length <= NativeMaxFrameLength
    private async Task ReadLoopAsync()
    {
        var prefix = new byte[PrefixLength];
        try
        {
            while (true)
            {
                var got = await _stream.ReadAsync(prefix, _closing.Token).ConfigureAwait(false);
                if (got == 0)
                {
                    _frames.Writer.TryComplete(); // the peer closed between frames: a clean end
                    return;
                }

                _watchdog.FrameStarted();
                while (got < PrefixLength)
                {
                    var more = await _stream.ReadAsync(prefix.AsMemory(got), _closing.Token).ConfigureAwait(false);
                    got += more > 0 ? more : throw Truncated();
                }

                // The declared length is checked before anything is allocated for it.
                var length = BinaryPrimitives.ReadUInt32BigEndian(prefix);
                if (length > (uint)_limits.NativeMaxFrameLength)
                {
                    throw new TlsChannelException(TlsChannelFailure.FrameTooLarge, $"the peer announced a frame of {length} bytes; the limit is {_limits.NativeMaxFrameLength}");
                }

                var frame = length == 0 ? [] : new byte[length];
                for (var read = 0; read < frame.Length;)
                {
                    var more = await _stream.ReadAsync(frame.AsMemory(read), _closing.Token).ConfigureAwait(false);
                    read += more > 0 ? more : throw Truncated();
                }

                _watchdog.FrameEnded();
                await _frames.Writer.WriteAsync(frame, _closing.Token).ConfigureAwait(false);
            }
        }
        catch (Exception ex)
        {
            _frames.Writer.TryComplete(Fail(ex));
        }
        finally
        {
            _ended = true;
            _watchdog.Dispose();
        }
    }

    private static TlsChannelException Truncated() => new(TlsChannelFailure.Truncated, "the connection ended in the middle of a frame");

    /// <summary>Records the first failure, closes the socket (failing any pending read or write) and returns what callers see.</summary>
    private TlsChannelException Fail(Exception ex)
    {
        var failure = ex as TlsChannelException ?? new TlsChannelException(TlsChannelFailure.ConnectionLost, $"the connection failed: {ex.Message}", ex);
        if (Interlocked.CompareExchange(ref _failure, failure, null) is null)
        {
            _frames.Writer.TryComplete(failure);
            _closing.Cancel();
            _socket.Dispose();
        }

        return Volatile.Read(ref _failure)!;
    }

    private void ThrowIfFailed()
    {
        if (Volatile.Read(ref _failure) is { } failure)
        {
            throw failure;
        }
    }
}
