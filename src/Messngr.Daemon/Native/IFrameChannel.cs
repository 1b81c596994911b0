using System.Net;
using System.Security.Cryptography.X509Certificates;

namespace Messngr.Daemon.Native;

/// <summary>
/// An authenticated, encrypted duplex of frames between two messngr nodes: the seam the native
/// protocol's codec plugs into (issue #13, item 3). On the wire each frame is
/// <c>u32 big-endian length</c> followed by that many bytes (the prefix counts the bytes after it,
/// not itself), inside TLS 1.3. A length above the limit closes the connection before anything is
/// allocated for it.
/// </summary>
/// <remarks>
/// Sends are serialised per connection (one writer at a time, each frame written whole) and may be
/// pipelined: many <see cref="SendAsync"/> calls without waiting for a reply. Frames are received
/// in order by one reader. A failure of either direction closes the connection: every pending and
/// later call throws <see cref="TlsChannelException"/>.
/// </remarks>
internal interface IFrameChannel : IAsyncDisposable
{
    /// <summary>The peer's certificate, accepted by the <see cref="ITlsPeerVerifier"/>.</summary>
    X509Certificate2 PeerCertificate { get; }

    /// <summary>The peer's address and port.</summary>
    IPEndPoint RemoteEndPoint { get; }

    /// <summary>False once the connection failed, the peer closed it, or it was disposed.</summary>
    bool IsOpen { get; }

    /// <summary>Completes when the connection ends (the reader saw the end, a failure, or dispose).</summary>
    Task Completion { get; }

    /// <summary>Sends one frame (its bytes without the prefix, at most the frame limit).</summary>
    ValueTask SendAsync(ReadOnlyMemory<byte> frame, CancellationToken cancellationToken = default);

    /// <summary>
    /// Sends <paramref name="frames"/> in order (each as <see cref="SendAsync(ReadOnlyMemory{byte}, CancellationToken)"/>
    /// would); a channel that can writes them as one write — the RECEIPTs of one group commit in one
    /// TLS record (issue #13, receiver speed). By default: one <see cref="SendAsync(ReadOnlyMemory{byte}, CancellationToken)"/> each.
    /// </summary>
    async ValueTask SendAllAsync(IReadOnlyList<ReadOnlyMemory<byte>> frames, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(frames);
        foreach (var frame in frames)
        {
            await SendAsync(frame, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The next frame (without its prefix), or null when the peer closed the connection between frames.</summary>
    ValueTask<byte[]?> ReceiveAsync(CancellationToken cancellationToken = default);
}
