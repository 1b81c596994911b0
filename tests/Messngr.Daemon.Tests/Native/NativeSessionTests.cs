using System.Net;
using System.Security.Cryptography.X509Certificates;
using Messngr.Daemon.Core;
using Messngr.Daemon.Messages;
using Messngr.Daemon.Native;
using Messngr.Daemon.Store;
using Messngr.Daemon.Tests.Hosting;
using Messngr.Daemon.Tests.Users;
using Messngr.Wire.Native;

namespace Messngr.Daemon.Tests.Native;

/// <summary>
/// The accepting native session over real TLS on loopback (issue #13, items 3 and 6): the receiver's
/// trust policy, its names, a real SQLite store behind the daemon's pipeline, and a client that
/// speaks raw frames.
/// </summary>
public sealed class NativeSessionTests : IAsyncDisposable
{
    private static readonly TimeSpan SafetyNet = TlsLoopback.SafetyNet;
    private readonly TempDirectory _dir = new();
    private readonly X509Certificate2 _server = TlsTestCertificates.Create("bob-node");
    private readonly X509Certificate2 _client = TlsTestCertificates.Create("alice-node");
    private readonly CapturingLogger _log = new();
    private readonly SqliteMessageStore _store;
    private readonly MessagePipeline _pipeline;
    private readonly TrustStore _trust;
    private TlsEndpointListener? _listener;

    public NativeSessionTests()
    {
        _store = new SqliteMessageStore(_dir.Path);
        _pipeline = new MessagePipeline(new ListenerCounters(), _store);
        _trust = TrustStore.Open(_dir.Path);
    }

    /// <summary>Holds every commit until opened (a slow disk); open by default.</summary>
    private TaskCompletionSource Gate { get; set; } = Opened();

    /// <summary>Set when a commit has begun (before the gate).</summary>
    private TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private string ClientId => NodeId.FromCertificate(_client).ToString();

    private static TaskCompletionSource Opened()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        gate.SetResult();
        return gate;
    }

    private async Task<IFrameChannel> ConnectAsync(bool trusted = true, DaemonLimits? limits = null)
    {
        if (trusted)
        {
            _trust.Add(new TrustEntry(NodeId.FromCertificate(_client), "ALICE", DateTimeOffset.UtcNow, 0, TrustSource.Manual));
        }

        var policy = new TrustPolicy(_trust, null, false, TimeProvider.System, _log);
        NameInfo[] names = [new("BOB", 0x03, false, NameKind.User, NameState.Registered, 1000, null), new("TEAM", 0x03, true, NameKind.Alias, NameState.Registered, null, null)];
        var context = new NativeSessionContext(
            to => NativeEndpoint.MatchRecipient(names, to),
            () => ["BOB"],
            async message =>
            {
                Entered.TrySetResult();
                await Gate.Task;
                return await _pipeline.PublishAsync(message);
            },
            limits ?? DaemonLimits.Default,
            TimeProvider.System,
            _log);
        _listener = new TlsEndpointListener(new IPEndPoint(IPAddress.Loopback, 0), _server, new TrustPeerVerifier(policy), (channel, token) => NativeSession.ServeAsync(channel, context, token), new ListenerCounters(), _log);
        _listener.Start(CancellationToken.None);
        var connector = new TlsConnector(_client, new PinnedPeerVerifier(_server));
        var channel = await connector.ConnectAsync(new IPEndPoint(IPAddress.Loopback, _listener.BoundPort), "bob-node").WaitAsync(SafetyNet);
        return channel;
    }

    private static async Task SendAsync(IFrameChannel channel, NativeFrame frame) => await channel.SendAsync(NativeFrameCodec.Encode(frame)).AsTask().WaitAsync(SafetyNet);

    private static async Task<NativeFrame?> ReceiveAsync(IFrameChannel channel)
    {
        var body = await channel.ReceiveAsync().AsTask().WaitAsync(SafetyNet);
        if (body is null)
        {
            return null;
        }

        var result = NativeFrameCodec.Decode(body, NativeLimits.MaxFrameLength);
        Assert.Equal(NativeReadStatus.Frame, result.Status);
        return result.Frame;
    }

    private static async Task<IFrameChannel> HelloAsync(IFrameChannel channel)
    {
        await SendAsync(channel, new HelloFrame([1], new NativeOffer(NativeFrameCodec.ToWire(DateTimeOffset.UtcNow), NativeLimits.MaxFrameLength, 256, NativeCapabilities.None, [])));
        var ack = Assert.IsType<HelloAckFrame>(await ReceiveAsync(channel));
        Assert.Equal(1, ack.Version);
        Assert.Contains("BOB", ack.Offer.Names);
        return channel;
    }

    private static MessageFrame Message(uint stream, MessageId id, string to = "bob", DateTimeOffset? created = null, DateTimeOffset? expires = null) =>
        new(stream, NativeFrameCodec.ToWire(id), NativePriority.High, false, NativeFrameCodec.ToWire(created ?? DateTimeOffset.UtcNow),
            expires is { } e ? NativeFrameCodec.ToWire(e) : 0, Guid.Empty, "alice", to, "lunch", "lunch at noon?");

    [Fact]
    public async Task A_message_is_answered_stored_only_once_it_is_in_the_store_with_the_sender_verified()
    {
        await using var channel = await HelloAsync(await ConnectAsync());
        Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var id = MessageId.New();
        await SendAsync(channel, Message(1, id));
        // While the commit is held, PINGs are answered (no head-of-line blocking) and no receipt comes.
        await SendAsync(channel, new PingFrame(3, 42));
        var pong = Assert.IsType<PongFrame>(await ReceiveAsync(channel));
        Assert.Equal((3u, 42ul), (pong.StreamId, pong.Data));
        await Entered.Task.WaitAsync(SafetyNet);
        await SendAsync(channel, new PingFrame(5, 43));
        Assert.Equal(5u, Assert.IsType<PongFrame>(await ReceiveAsync(channel)).StreamId);
        Assert.Empty(_store.History(10));

        Gate.SetResult();
        var receipt = Assert.IsType<ReceiptFrame>(await ReceiveAsync(channel));
        Assert.Equal((1u, NativeReceiptState.Stored), (receipt.StreamId, receipt.State));
        var stored = Assert.Single(_store.History(10)).Message;
        Assert.Equal(id, stored.MessageId);
        Assert.Equal(new SenderIdentity.Native(ClientId, "alice"), stored.Sender);
        Assert.True(stored.Verified);
        Assert.Equal((MessageTransport.Native, "BOB", Priority.High, "lunch"), (stored.Transport, stored.To, stored.Priority, stored.CorrelationKey));
    }

    [Fact]
    public async Task A_repeated_message_is_answered_stored_again_and_stored_once()
    {
        await using var channel = await HelloAsync(await ConnectAsync());
        var id = MessageId.New();
        await SendAsync(channel, Message(1, id));
        Assert.Equal(NativeReceiptState.Stored, Assert.IsType<ReceiptFrame>(await ReceiveAsync(channel)).State);
        await SendAsync(channel, Message(3, id));
        var again = Assert.IsType<ReceiptFrame>(await ReceiveAsync(channel));
        Assert.Equal((3u, NativeReceiptState.Stored), (again.StreamId, again.State));
        Assert.Single(_store.History(10));
    }

    [Theory]
    [InlineData("carol", NativeRefusalReason.NotHere)]
    [InlineData("team", NativeRefusalReason.NotHere)]
    [InlineData("expired", NativeRefusalReason.Expired)]
    [InlineData("future", NativeRefusalReason.ClockSkew)]
    public async Task A_message_that_cannot_be_delivered_here_is_refused_with_its_reason_and_not_stored(string kind, NativeRefusalReason reason)
    {
        await using var channel = await HelloAsync(await ConnectAsync());
        var now = DateTimeOffset.UtcNow;
        var frame = kind switch
        {
            "expired" => Message(1, MessageId.New(), created: now.AddHours(-2), expires: now.AddHours(-1)),
            "future" => Message(1, MessageId.New(), created: now.AddHours(1)),
            _ => Message(1, MessageId.New(), to: kind),
        };
        await SendAsync(channel, frame);
        var receipt = Assert.IsType<ReceiptFrame>(await ReceiveAsync(channel));
        Assert.Equal((NativeReceiptState.Refused, reason), (receipt.State, receipt.Reason));
        Assert.Empty(_store.History(10));
    }

    [Fact]
    public async Task An_untrusted_node_is_refused_at_the_handshake_and_nothing_is_stored()
    {
        // TLS 1.3: the client finishes its side before the server judges the client certificate,
        // so the refusal shows as a connection that ends (or fails) without a HELLO-ACK.
        NativeFrame? answer = null;
        try
        {
            await using var channel = await ConnectAsync(trusted: false);
            await SendAsync(channel, new HelloFrame([1], new NativeOffer(0, NativeLimits.MaxFrameLength, 256, NativeCapabilities.None, [])));
            await SendAsync(channel, Message(1, MessageId.New()));
            answer = await ReceiveAsync(channel);
        }
        catch (TlsChannelException)
        {
            // refused during the handshake or when writing: as good
        }

        Assert.Null(answer);
        Assert.Contains(_log.Lines, l => l.Contains($"unknown node {ClientId} refused", StringComparison.Ordinal));
        Assert.Empty(_store.History(10));
    }

    [Fact]
    public async Task A_frame_before_hello_and_a_request_on_the_wrong_parity_are_errors_that_close_the_connection()
    {
        await using (var early = await ConnectAsync())
        {
            await SendAsync(early, new PingFrame(1, 7));
            var error = Assert.IsType<ErrorFrame>(await ReceiveAsync(early));
            Assert.Equal(NativeErrorCode.ProtocolViolation, error.Code);
            Assert.Null(await ReceiveAsync(early));
        }

        await using var channel = await HelloAsync(await new TlsConnector(_client, new PinnedPeerVerifier(_server)).ConnectAsync(new IPEndPoint(IPAddress.Loopback, _listener!.BoundPort), "bob-node").WaitAsync(SafetyNet));
        await SendAsync(channel, Message(2, MessageId.New()));
        Assert.Equal(NativeErrorCode.ProtocolViolation, Assert.IsType<ErrorFrame>(await ReceiveAsync(channel)).Code);
        Assert.Empty(_store.History(10));
    }

    [Fact]
    public async Task More_unanswered_requests_than_the_advertised_max_in_flight_is_an_error()
    {
        await using var channel = await HelloAsync(await ConnectAsync(limits: DaemonLimits.Default with { NativeMaxInFlight = 1 }));
        Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await SendAsync(channel, Message(1, MessageId.New()));
        await Entered.Task.WaitAsync(SafetyNet);
        await SendAsync(channel, Message(3, MessageId.New()));
        Assert.Equal(NativeErrorCode.TooManyInFlight, Assert.IsType<ErrorFrame>(await ReceiveAsync(channel)).Code);
        Gate.SetResult();
    }

    public async ValueTask DisposeAsync()
    {
        if (_listener is not null)
        {
            await _listener.DisposeAsync();
        }

        _pipeline.Complete();
        _store.Dispose();
        _server.Dispose();
        _client.Dispose();
        _dir.Dispose();
    }
}
