using System.Net;
using System.Security.Cryptography.X509Certificates;
using Messngr.Daemon.Native;
using Messngr.Wire.Native;

namespace Messngr.Daemon.Tests.Native;

/// <summary>
/// An accepting session's channel driven by the test: <see cref="Arrive"/> puts frames where the
/// session's next receives find them at once (as frames that came in one TLS record do); every
/// write the session makes is recorded, one entry per write, with the frames in it.
/// </summary>
internal sealed class ScriptedChannel(X509Certificate2 peer) : IFrameChannel
{
    private readonly Lock _lock = new();
    private readonly Queue<byte[]> _incoming = new();
    private readonly List<IReadOnlyList<NativeFrame>> _writes = [];
    private readonly TaskCompletionSource _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource<byte[]?>? _waiting;
    private bool _closed;

    public X509Certificate2 PeerCertificate => peer;

    public IPEndPoint RemoteEndPoint { get; } = new(IPAddress.Parse("192.0.2.21"), 40000);

    public bool IsOpen => !_ended.Task.IsCompleted;

    public Task Completion => _ended.Task;

    /// <summary>Every write so far, each with its frames.</summary>
    public IReadOnlyList<IReadOnlyList<NativeFrame>> Writes
    {
        get
        {
            lock (_lock)
            {
                return [.. _writes];
            }
        }
    }

    public IReadOnlyList<NativeFrame> Sent => [.. Writes.SelectMany(w => w)];

    /// <summary>The frames, all at once: queued before a waiting receive is woken with the first.</summary>
    public void Arrive(params NativeFrame[] frames)
    {
        TaskCompletionSource<byte[]?>? waiting;
        byte[]? first = null;
        lock (_lock)
        {
            foreach (var frame in frames)
            {
                _incoming.Enqueue(NativeFrameCodec.Encode(frame).ToArray());
            }

            waiting = _waiting;
            _waiting = null;
            if (waiting is not null)
            {
                first = _incoming.Dequeue();
            }
        }

        waiting?.TrySetResult(first);
    }

    /// <summary>The peer closes: the session's receive ends.</summary>
    public void Close()
    {
        TaskCompletionSource<byte[]?>? waiting;
        lock (_lock)
        {
            _closed = true;
            waiting = _waiting;
            _waiting = null;
        }

        waiting?.TrySetResult(null);
    }

    public ValueTask<byte[]?> ReceiveAsync(CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            if (_incoming.TryDequeue(out var body))
            {
                return ValueTask.FromResult<byte[]?>(body);
            }

            if (_closed)
            {
                return ValueTask.FromResult<byte[]?>(null);
            }

            _waiting = new TaskCompletionSource<byte[]?>(TaskCreationOptions.RunContinuationsAsynchronously);
            return new ValueTask<byte[]?>(_waiting.Task.WaitAsync(cancellationToken));
        }
    }

    public ValueTask SendAsync(ReadOnlyMemory<byte> frame, CancellationToken cancellationToken = default) => SendAllAsync([frame], cancellationToken);

    public ValueTask SendAllAsync(IReadOnlyList<ReadOnlyMemory<byte>> frames, CancellationToken cancellationToken = default)
    {
        var decoded = frames.Select(f => NativeFrameCodec.Decode(f.ToArray(), NativeLimits.MaxFrameLength).Frame!).ToList();
        lock (_lock)
        {
            _writes.Add(decoded);
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync()
    {
        Close();
        _ended.TrySetResult();
        return ValueTask.CompletedTask;
    }
}
