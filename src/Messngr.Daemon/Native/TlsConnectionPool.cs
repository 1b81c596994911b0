using System.Net;
using Messngr.Daemon.Core;

namespace Messngr.Daemon.Native;

/// <summary>
/// Keeps one outgoing native connection per peer and reuses it (issue #13, item 3: "connections
/// kept and reused"), so sends after the first need no handshake. Keyed by the peer's node id (or
/// its endpoint, until the id is known): the verifier checked at the handshake that the peer is
/// that node. Thread-safe; concurrent callers for one peer share one connect. A connection that
/// failed, was closed by the peer or was unused for <see cref="DaemonLimits.NativePoolIdleTimeout"/>
/// is dropped, so the next use reconnects; at most <see cref="DaemonLimits.NativePoolCapacity"/>
/// are kept, the least recently used closed first.
/// </summary>
internal sealed class TlsConnectionPool : IAsyncDisposable
{
    private readonly Func<IPEndPoint, string, CancellationToken, Task<IFrameChannel>> _connect;
    private readonly DaemonLimits _limits;
    private readonly TimeProvider _time;
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly ITimer _sweeper;
    private bool _disposed;

    public TlsConnectionPool(TlsConnector connector, DaemonLimits? limits = null, TimeProvider? time = null)
        : this(connector.ConnectAsync, limits ?? connector.Limits, time ?? connector.Time)
    {
    }

    /// <summary>With another way to connect (tests count connects here).</summary>
    internal TlsConnectionPool(Func<IPEndPoint, string, CancellationToken, Task<IFrameChannel>> connect, DaemonLimits limits, TimeProvider time)
    {
        _connect = connect;
        _limits = limits;
        _time = time;
        var period = limits.NativePoolIdleTimeout / 2;
        _sweeper = time.CreateTimer(static state => ((TlsConnectionPool)state!).CloseIdle(), this, period, period);
    }

    /// <summary>Connections kept now (open or connecting).</summary>
    public int Count
    {
        get
        {
            lock (_entries)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>
    /// The kept connection to <paramref name="peer"/>, or a new one to <paramref name="endPoint"/>.
    /// The caller may send on it and read the peer's replies (one reader), and must not dispose it.
    /// </summary>
    /// <param name="peer">The peer's node id (also the TLS target host), or its address.</param>
    public async Task<IFrameChannel> GetAsync(string peer, IPEndPoint endPoint, CancellationToken cancellationToken = default)
    {
        Entry entry;
        lock (_entries)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (!_entries.TryGetValue(peer, out entry!) || entry.IsDead)
            {
                if (entry is not null)
                {
                    Remove(peer, entry);
                }

                MakeRoom();
                entry = new Entry(_connect(endPoint, peer, CancellationToken.None));
                _entries[peer] = entry;
            }

            entry.LastUsed = _time.GetTimestamp();
        }

        IFrameChannel channel;
        try
        {
            channel = await entry.Connection.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            lock (_entries)
            {
                Remove(peer, entry); // a failed connect is not kept: the next use tries again
            }

            throw;
        }

        return channel;
    }

    /// <summary>Sends one frame to <paramref name="peer"/> on its kept connection; a failure drops the connection (the next send reconnects) and is thrown.</summary>
    public async Task SendAsync(string peer, IPEndPoint endPoint, ReadOnlyMemory<byte> frame, CancellationToken cancellationToken = default)
    {
        var channel = await GetAsync(peer, endPoint, cancellationToken).ConfigureAwait(false);
        try
        {
            await channel.SendAsync(frame, cancellationToken).ConfigureAwait(false);
        }
        catch (TlsChannelException)
        {
            Drop(peer, channel);
            throw;
        }
    }

    /// <summary>Closes and forgets the connection to <paramref name="peer"/> if it is still <paramref name="channel"/>.</summary>
    public void Drop(string peer, IFrameChannel channel)
    {
        lock (_entries)
        {
            if (_entries.TryGetValue(peer, out var entry) && entry.Connection.IsCompletedSuccessfully && ReferenceEquals(entry.Connection.Result, channel))
            {
                Remove(peer, entry);
            }
        }
    }

    /// <summary>
    /// Forgets the connection to <paramref name="peer"/> if it is still <paramref name="channel"/>,
    /// without closing it: the next use connects anew while the caller still drains this one (the
    /// peer said GOODBYE, docs/native-protocol.md §3 CLOSING) and then disposes it.
    /// </summary>
    public bool Forget(string peer, IFrameChannel channel)
    {
        lock (_entries)
        {
            if (_entries.TryGetValue(peer, out var entry) && entry.Connection.IsCompletedSuccessfully && ReferenceEquals(entry.Connection.Result, channel))
            {
                return _entries.Remove(peer);
            }

            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        Entry[] entries;
        lock (_entries)
        {
            _disposed = true;
            entries = [.. _entries.Values];
            _entries.Clear();
        }

        await _sweeper.DisposeAsync().ConfigureAwait(false);
        foreach (var entry in entries)
        {
            await entry.CloseAsync().ConfigureAwait(false);
        }
    }

    private void CloseIdle()
    {
        lock (_entries)
        {
            var now = _time.GetTimestamp();
            foreach (var (peer, entry) in _entries.ToArray())
            {
                if (entry.IsDead || (entry.Connection.IsCompleted && _time.GetElapsedTime(entry.LastUsed, now) >= _limits.NativePoolIdleTimeout))
                {
                    Remove(peer, entry);
                }
            }
        }
    }

    /// <summary>Closes the least recently used connection when the pool is full (under the lock).</summary>
    private void MakeRoom()
    {
        while (_entries.Count >= _limits.NativePoolCapacity && _entries.Count > 0)
        {
            var oldest = _entries.MinBy(pair => pair.Value.LastUsed);
            Remove(oldest.Key, oldest.Value);
        }
    }

    private void Remove(string peer, Entry entry)
    {
        if (_entries.TryGetValue(peer, out var current) && ReferenceEquals(current, entry))
        {
            _entries.Remove(peer);
        }

        _ = entry.CloseAsync(); // closes in the background; never throws
    }

    private sealed class Entry(Task<IFrameChannel> connection)
    {
        public Task<IFrameChannel> Connection { get; } = connection;

        public long LastUsed { get; set; }

        /// <summary>The connect failed, or the connection failed or was closed by the peer.</summary>
        public bool IsDead => Connection.IsFaulted || Connection.IsCanceled || (Connection.IsCompletedSuccessfully && !Connection.Result.IsOpen);

        public async Task CloseAsync()
        {
            try
            {
                var channel = await Connection.ConfigureAwait(false);
                await channel.DisposeAsync().ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is TlsChannelException or OperationCanceledException or IOException)
            {
                // a connect that failed has nothing to close
            }
        }
    }
}
