using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Messngr.Daemon.Core;
using Messngr.Daemon.Native;
using Messngr.Wire.Native;
using Microsoft.Extensions.Logging.Abstractions;

namespace Messngr.Bench.Limit;

/// <summary>
/// <c>Messngr.Bench native-limit --address A --state DIR --store FILE</c>: the limit of scenario 7
/// (issue #13), the least a correct native receiver must do. TLS 1.3 on TCP 2426 with the same
/// certificate handling as <c>messngr serve</c> — its node key and certificate in <c>DIR</c>
/// (<see cref="NodeIdentity"/>), the client's certificate required and judged by the trust list in
/// <c>DIR</c> (<see cref="TrustPolicy"/>, <see cref="TlsHandshake"/>) — then, per connection,
/// HELLO → HELLO-ACK and for every MESSAGE one line appended to <c>FILE</c> (one <c>write(2)</c>,
/// no fsync, as the classic limit) and RECEIPT <i>stored</i>. Frames are parsed with the Wire
/// codecs. No names, no policy, no dedupe, no store. Prints "native limit ready"; ends on SIGTERM
/// or when standard input closes.
/// </summary>
internal static class NativeLimitServer
{
    public const int Port = 2426;

    public static int Run(IReadOnlyList<string> args)
    {
        string Arg(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault() ?? throw new ArgumentException($"native-limit: {name} is required");
        var address = IPAddress.Parse(Arg("--address"));
        var state = Arg("--state");
        using var store = new LimitStore(Arg("--store"));
        using var identity = NodeIdentity.LoadOrCreate(state, TimeProvider.System);
        var policy = new TrustPolicy(TrustStore.Open(state), workgroupCa: null, trustOnFirstUse: false, TimeProvider.System, NullLogger.Instance);
        var verifier = new TrustPeerVerifier(policy);
        var certificate = SslStreamCertificateContext.Create(identity.Certificate, additionalCertificates: null, offline: true);
        using var stop = new CancellationTokenSource();
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            stop.Cancel();
        });

        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        listener.Bind(new IPEndPoint(address, Port));
        listener.Listen(1024);
        var accepting = Task.Run(() => AcceptAsync(listener, certificate, verifier, store, stop.Token));
        Console.WriteLine($"native limit ready: node {identity.Id}");

        var stdin = Task.Run(() => Console.In.ReadToEnd());
        Task.WaitAny([stdin, accepting], Timeout.Infinite);
        stop.Cancel();
        Console.Error.WriteLine(accepting.IsFaulted ? $"native-limit: accept failed: {accepting.Exception!.GetBaseException().Message}" : "native-limit: stopping");
        return accepting.IsFaulted ? 1 : 0;
    }

    private static async Task AcceptAsync(Socket listener, SslStreamCertificateContext certificate, ITlsPeerVerifier verifier, LimitStore store, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await listener.AcceptAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            socket.NoDelay = true;
            _ = Task.Run(() => ServeAsync(socket, certificate, verifier, store, cancellationToken), CancellationToken.None);
        }
    }

    private static async Task ServeAsync(Socket socket, SslStreamCertificateContext certificate, ITlsPeerVerifier verifier, LimitStore store, CancellationToken cancellationToken)
    {
        var remote = (IPEndPoint)socket.RemoteEndPoint!;
        TlsFrameChannel channel;
        try
        {
            channel = await TlsHandshake.AcceptAsync(socket, remote, certificate, verifier, DaemonLimits.Default, TimeProvider.System, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is TlsChannelException or OperationCanceledException)
        {
            socket.Dispose();
            return;
        }

        await using (channel.ConfigureAwait(false))
        {
            try
            {
                while (await channel.ReceiveAsync(cancellationToken).ConfigureAwait(false) is { } body)
                {
                    var read = NativeFrameCodec.Decode(body, NativeLimits.MaxFrameLength);
                    switch (read.Frame)
                    {
                        case HelloFrame:
                            var offer = new NativeOffer(NativeFrameCodec.ToWire(DateTimeOffset.UtcNow), NativeLimits.MaxFrameLength, DaemonLimits.Default.NativeMaxInFlight, NativeCapabilities.None, []);
                            await channel.SendAsync(NativeFrameCodec.Encode(new HelloAckFrame(NativeLimits.Version1, offer)), cancellationToken).ConfigureAwait(false);
                            break;
                        case MessageFrame message:
                            store.Append($"{message.MessageId} {message.Recipient} {message.Text}");
                            var receipt = new ReceiptFrame(message.StreamId, message.MessageId, NativeReceiptState.Stored, NativeRefusalReason.None, NativeFrameCodec.ToWire(DateTimeOffset.UtcNow), string.Empty);
                            await channel.SendAsync(NativeFrameCodec.Encode(receipt), cancellationToken).ConfigureAwait(false);
                            break;
                        case GoodbyeFrame or null:
                            return; // the client is done, or sent something that is not a frame
                        default:
                            break; // PING and the rest: not needed on the bench's path
                    }
                }
            }
            catch (Exception ex) when (ex is TlsChannelException or OperationCanceledException or IOException)
            {
                // the connection ended
            }
        }
    }
}
