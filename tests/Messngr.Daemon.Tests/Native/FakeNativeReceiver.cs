using System.Net;
using System.Security.Cryptography.X509Certificates;
using Messngr.Daemon.Core;
using Messngr.Daemon.Native;
using Messngr.Wire.Native;

namespace Messngr.Daemon.Tests.Native;

/// <summary>
/// A native receiver on 127.0.0.1 (real TLS, our codecs) that runs a test's script for each
/// connection, for behaviour the real <see cref="NativeSession"/> never shows: answers out of
/// order, a small MAX-IN-FLIGHT, stray answers, ERROR, a lost connection.
/// </summary>
internal sealed class FakeNativeReceiver : IAsyncDisposable
{
    private int _connections;

    public FakeNativeReceiver(X509Certificate2 certificate, X509Certificate2 client, Func<FakePeer, int, Task> script, int port = 0)
    {
        Listener = new TlsEndpointListener(new IPEndPoint(IPAddress.Loopback, port), certificate, new PinnedPeerVerifier(client), async (channel, token) =>
        {
            var number = Interlocked.Increment(ref _connections);
            try
            {
                await script(new FakePeer(channel), number);
            }
            catch (Exception ex) when (ex is TlsChannelException or OperationCanceledException)
            {
                // the client went away
            }
        }, new ListenerCounters(), new Hosting.CapturingLogger());
        Listener.Start(CancellationToken.None);
        Assert.True(Listener.Status.Bound, Listener.Status.Error);
    }

    public TlsEndpointListener Listener { get; }

    public IPEndPoint EndPoint => new(IPAddress.Loopback, Listener.BoundPort);

    /// <summary>Connections accepted so far.</summary>
    public int Connections => Volatile.Read(ref _connections);

    public ValueTask DisposeAsync() => Listener.DisposeAsync();
}

/// <summary>One accepted connection, frame by frame.</summary>
internal sealed class FakePeer(IFrameChannel channel)
{
    public IFrameChannel Channel => channel;

    /// <summary>The next frame, or null when the client closed the connection.</summary>
    public async Task<NativeFrame?> ReadAsync()
    {
        var body = await channel.ReceiveAsync();
        if (body is null)
        {
            return null;
        }

        var result = NativeFrameCodec.Decode(body, NativeLimits.MaxFrameLength);
        Assert.Equal(NativeReadStatus.Frame, result.Status);
        return result.Frame;
    }

    public async Task SendAsync(NativeFrame frame) => await channel.SendAsync(NativeFrameCodec.Encode(frame));

    /// <summary>Takes the HELLO and answers HELLO-ACK advertising <paramref name="maxInFlight"/>.</summary>
    public async Task GreetAsync(int maxInFlight = 256)
    {
        Assert.IsType<HelloFrame>(await ReadAsync());
        await SendAsync(new HelloAckFrame(NativeLimits.Version1, new NativeOffer(NativeFrameCodec.ToWire(DateTimeOffset.UtcNow), NativeLimits.MaxFrameLength, maxInFlight, NativeCapabilities.None, ["BOB"])));
    }

    public static ReceiptFrame Stored(MessageFrame message) =>
        new(message.StreamId, message.MessageId, NativeReceiptState.Stored, NativeRefusalReason.None, NativeFrameCodec.ToWire(DateTimeOffset.UtcNow));

    public static ReceiptFrame Refused(MessageFrame message, NativeRefusalReason reason, string detail) =>
        new(message.StreamId, message.MessageId, NativeReceiptState.Refused, reason, NativeFrameCodec.ToWire(DateTimeOffset.UtcNow), detail);
}
