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

    /// <summary>What one read takes at most: a TLS record's plaintext (16 KiB, RFC 8446 §5.1) and a little.</summary>
    private const int ReadBufferSize = 16 * 1024 + PrefixLength;

    /// <summary>Queued frames one stream write takes at most, in bytes (a few TLS records; a larger frame goes alone).</summary>
    private const int MaxCoalescedBytes = 64 * 1024;

    private readonly Socket _socket;
    private readonly SslStream _stream;
    private readonly DaemonLimits _limits;
    private readonly TlsWatchdog _watchdog;
    private readonly Channel<byte[]> _frames;
    private readonly Lock _sendLock = new();
    private readonly List<QueuedFrame> _sendQueue = [];
    private bool _writing;
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

    /// <summary>Writes to the TLS stream so far (tests: frames queued behind a write go out together).</summary>
    internal long StreamWrites { get; private set; }

    /// <summary>Frames waiting for the writer (tests).</summary>
    internal int QueuedFrames
    {
        get
        {
            lock (_sendLock)
            {
                return _sendQueue.Count;
            }
        }
    }

    /// <summary>Tests only: called by the writer before each stream write, with the number of frames in it.</summary>
    internal Action<int>? BeforeWrite { get; set; }

    /// <summary>The negotiated protocol: always TLS 1.3, the only one either role enables.</summary>
    public System.Security.Authentication.SslProtocols Protocol => _stream.SslProtocol;

    public bool IsOpen => !_ended && Volatile.Read(ref _failure) is null;

    public Task Completion => _reader;

    /// <summary>Why the connection failed or was closed; null while open or after a clean end by the peer.</summary>
    public TlsChannelException? Failure => Volatile.Read(ref _failure);

    /// <inheritdoc/>
    /// <remarks>
    /// <paramref name="cancellationToken"/> only stops the wait for the write: a frame half written
    /// cannot be taken back. Frames sent while another write is under way are queued and written
    /// together by one writer — one TLS record and one <c>send(2)</c> for the lot instead of one
    /// each (issue #13, perf: pipelined MESSAGEs and the RECEIPTs of one group commit) — in the
    /// order they were queued; each caller returns once its frame was handed to the socket.
    /// </remarks>
    public async ValueTask SendAsync(ReadOnlyMemory<byte> frame, CancellationToken cancellationToken = default)
    {
        if (frame.Length > _limits.NativeMaxFrameLength)
        {
            throw new ArgumentOutOfRangeException(nameof(frame), frame.Length, $"a frame holds at most {_limits.NativeMaxFrameLength} bytes (DaemonLimits.NativeMaxFrameLength)");
        }

        ThrowIfFailed();
        cancellationToken.ThrowIfCancellationRequested();
        var own = new QueuedFrame(frame);
        bool lead;
        lock (_sendLock)
        {
            lead = !_writing;
            if (lead)
            {
                _writing = true;
            }
            else
            {
                _sendQueue.Add(own);
            }
        }

        if (!lead && !await WaitForWriterAsync(own, cancellationToken).ConfigureAwait(false))
        {
            return; // written by the writer of its batch
        }

        await WriteQueuedAsync(own).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    /// <remarks>
    /// All of them are queued at once, so one writer takes them together: one TLS record and one
    /// <c>send(2)</c> (up to <see cref="MaxCoalescedBytes"/>) for the RECEIPTs of one group commit
    /// (issue #13, receiver speed), in order, after any frame queued before them.
    /// <paramref name="cancellationToken"/> is looked at before they are queued; once queued they go
    /// out, or the connection fails.
    /// </remarks>
    public async ValueTask SendAllAsync(IReadOnlyList<ReadOnlyMemory<byte>> frames, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(frames);
        foreach (var frame in frames)
        {
            if (frame.Length > _limits.NativeMaxFrameLength)
            {
                throw new ArgumentOutOfRangeException(nameof(frames), frame.Length, $"a frame holds at most {_limits.NativeMaxFrameLength} bytes (DaemonLimits.NativeMaxFrameLength)");
            }
        }

        ThrowIfFailed();
        cancellationToken.ThrowIfCancellationRequested();
        if (frames.Count == 0)
        {
            return;
        }

        var queued = new QueuedFrame[frames.Count];
        for (var i = 0; i < queued.Length; i++)
        {
            queued[i] = new QueuedFrame(frames[i]);
        }

        bool lead;
        lock (_sendLock)
        {
            lead = !_writing;
            _writing = true;
            for (var i = lead ? 1 : 0; i < queued.Length; i++)
            {
                _sendQueue.Add(queued[i]);
            }
        }

        for (var i = 0; i < queued.Length; i++)
        {
            // Each is written by the writer of its batch, or — handed the role — by this caller.
            if ((i == 0 && lead) || await queued[i].Done.Task.ConfigureAwait(false))
            {
                await WriteQueuedAsync(queued[i]).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Queued: true when this caller is handed the writer's role, false once another writer wrote its frame.</summary>
    private async ValueTask<bool> WaitForWriterAsync(QueuedFrame own, CancellationToken cancellationToken)
    {
        try
        {
            return await own.Done.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            lock (_sendLock)
            {
                if (_sendQueue.Remove(own))
                {
                    own.Release();
                    throw; // still queued: nothing of it was written
                }
            }

            return await own.Done.Task.ConfigureAwait(false); // taken already: it goes out all the same
        }
    }

    /// <summary>As the writer: <paramref name="own"/> and whatever is queued, one stream write; then the role passes to the next queued frame, if any.</summary>
    private async ValueTask WriteQueuedAsync(QueuedFrame own)
    {
        var batch = new List<QueuedFrame> { own };
        byte[]? joined = null;
        QueuedFrame? next = null;
        try
        {
            var length = own.Length;
            lock (_sendLock)
            {
                var take = 0;
                while (take < _sendQueue.Count && length + _sendQueue[take].Length <= Math.Max(MaxCoalescedBytes, own.Length))
                {
                    length += _sendQueue[take].Length;
                    take++;
                }

                batch.AddRange(_sendQueue.GetRange(0, take));
                _sendQueue.RemoveRange(0, take);
            }

            ReadOnlyMemory<byte> bytes;
            if (batch.Count == 1)
            {
                bytes = own.Bytes;
            }
            else
            {
                joined = ArrayPool<byte>.Shared.Rent(length);
                var at = 0;
                foreach (var queued in batch)
                {
                    queued.Bytes.Span.CopyTo(joined.AsSpan(at));
                    at += queued.Length;
                }

                bytes = joined.AsMemory(0, length);
            }

            ThrowIfFailed();
            BeforeWrite?.Invoke(batch.Count);
            _watchdog.WriteStarted();
            await _stream.WriteAsync(bytes, CancellationToken.None).ConfigureAwait(false);
            _watchdog.WriteEnded();
            StreamWrites++;
        }
        catch (Exception ex)
        {
            var failure = ex as TlsChannelException ?? Fail(ex);
            List<QueuedFrame> waiting;
            lock (_sendLock)
            {
                waiting = [.. _sendQueue];
                _sendQueue.Clear();
                _writing = false;
            }

            foreach (var queued in batch.Skip(1).Concat(waiting))
            {
                queued.Release();
                queued.Done.TrySetException(failure);
            }

            own.Release();
            throw failure;
        }
        finally
        {
            if (joined is not null)
            {
                ArrayPool<byte>.Shared.Return(joined);
            }
        }

        foreach (var queued in batch)
        {
            queued.Release();
        }

        lock (_sendLock)
        {
            if (_sendQueue.Count > 0)
            {
                next = _sendQueue[0];
                _sendQueue.RemoveAt(0); // the writer's role passes on: _writing stays true
            }
            else
            {
                _writing = false;
            }
        }

        foreach (var queued in batch.Skip(1))
        {
            queued.Done.TrySetResult(false);
        }

        next?.Done.TrySetResult(true);
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
    // Read in chunks (what one TLS record holds, up to ReadBufferSize): every whole frame in a chunk
    // is taken out of it, so pipelined frames cost one read, not two each (issue #13, receiver speed).
    private async Task ReadLoopAsync()
    {
        var buffer = ArrayPool<byte>.Shared.Rent(ReadBufferSize);
        int start = 0, end = 0;
        var partial = false; // a frame's first bytes are here and its deadline runs
        try
        {
            while (true)
            {
                var completed = false;
                while (end - start >= PrefixLength)
                {
                    // The declared length is checked before anything is allocated for it.
                    var length = BinaryPrimitives.ReadUInt32BigEndian(buffer.AsSpan(start));
                    if (length > (uint)_limits.NativeMaxFrameLength)
                    {
                        throw new TlsChannelException(TlsChannelFailure.FrameTooLarge, $"the peer announced a frame of {length} bytes; the limit is {_limits.NativeMaxFrameLength}");
                    }

                    byte[] frame;
                    if (end - start - PrefixLength >= length)
                    {
                        frame = length == 0 ? [] : buffer.AsSpan(start + PrefixLength, (int)length).ToArray();
                        start += PrefixLength + (int)length;
                    }
                    else if (PrefixLength + length > buffer.Length)
                    {
                        // Larger than the buffer: read the rest straight into the frame.
                        if (!partial)
                        {
                            _watchdog.FrameStarted();
                            partial = true;
                        }

                        frame = new byte[length];
                        var read = end - start - PrefixLength;
                        buffer.AsSpan(start + PrefixLength, read).CopyTo(frame);
                        start = end = 0;
                        while (read < frame.Length)
                        {
                            var more = await _stream.ReadAsync(frame.AsMemory(read), _closing.Token).ConfigureAwait(false);
                            read += more > 0 ? more : throw Truncated();
                        }
                    }
                    else
                    {
                        break; // the rest of this frame is still to come
                    }

                    completed = true;
                    partial = false;
                    await _frames.Writer.WriteAsync(frame, _closing.Token).ConfigureAwait(false);
                }

                if (completed)
                {
                    _watchdog.FrameEnded();
                }

                if (start == end)
                {
                    start = end = 0;
                }
                else
                {
                    if (!partial)
                    {
                        _watchdog.FrameStarted(); // the next frame's first bytes came with this chunk
                        partial = true;
                    }

                    if (start > 0)
                    {
                        buffer.AsSpan(start, end - start).CopyTo(buffer);
                        (start, end) = (0, end - start);
                    }
                }

                var got = await _stream.ReadAsync(buffer.AsMemory(end), _closing.Token).ConfigureAwait(false);
                if (got == 0)
                {
                    if (end > 0)
                    {
                        throw Truncated();
                    }

                    _frames.Writer.TryComplete(); // the peer closed between frames: a clean end
                    return;
                }

                if (end == 0)
                {
                    _watchdog.FrameStarted(); // a frame's first bytes: its deadline starts now
                    partial = true;
                }

                end += got;
            }
        }
        catch (Exception ex)
        {
            _frames.Writer.TryComplete(Fail(ex));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            _ended = true;
            _watchdog.Dispose();
        }
    }

    /// <summary>A frame with its length prefix, in a pooled buffer until written (or dropped).</summary>
    private sealed class QueuedFrame
    {
        private byte[]? _buffer;

        public QueuedFrame(ReadOnlyMemory<byte> frame)
        {
            Length = PrefixLength + frame.Length;
            _buffer = ArrayPool<byte>.Shared.Rent(Length);
            BinaryPrimitives.WriteUInt32BigEndian(_buffer, (uint)frame.Length);
            frame.Span.CopyTo(_buffer.AsSpan(PrefixLength));
        }

        public int Length { get; }

        public ReadOnlyMemory<byte> Bytes => _buffer.AsMemory(0, Length);

        /// <summary>Completed true: this caller is now the writer; false: written by another writer.</summary>
        public TaskCompletionSource<bool> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Release()
        {
            if (Interlocked.Exchange(ref _buffer, null) is { } buffer)
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
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
