using System.Net;
using System.Security.Cryptography.X509Certificates;
using Messngr.Daemon.Native;
using Messngr.Wire.Native;

namespace Messngr.Daemon.Tests.Native;

/// <summary>
/// A receiver's channel that lets the first <paramref name="answers"/> RECEIPTs out and then drops
/// the connection instead of sending the next one: messages committed whose answer never left.
/// </summary>
internal sealed class AnswerDroppingChannel(IFrameChannel inner, int answers) : IFrameChannel
{
    private int _receipts;

    public X509Certificate2 PeerCertificate => inner.PeerCertificate;

    public IPEndPoint RemoteEndPoint => inner.RemoteEndPoint;

    public bool IsOpen => inner.IsOpen;

    public Task Completion => inner.Completion;

    public async ValueTask SendAsync(ReadOnlyMemory<byte> frame, CancellationToken cancellationToken = default)
    {
        if (NativeFrameCodec.Decode(frame.ToArray(), NativeLimits.MaxFrameLength).Frame is ReceiptFrame && Interlocked.Increment(ref _receipts) > answers)
        {
            await inner.DisposeAsync();
            throw new TlsChannelException(TlsChannelFailure.ConnectionLost, "dropped by the test before this answer");
        }

        await inner.SendAsync(frame, cancellationToken);
    }

    public ValueTask<byte[]?> ReceiveAsync(CancellationToken cancellationToken = default) => inner.ReceiveAsync(cancellationToken);

    public ValueTask DisposeAsync() => inner.DisposeAsync();
}
