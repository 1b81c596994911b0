using System.Net;
using System.Text;
using Messngr.Daemon.Core;
using Messngr.Daemon.Native;
using Messngr.Daemon.Sending;
using Messngr.Daemon.Tests.Hosting;
using Messngr.Daemon.Tests.Native;
using Messngr.Daemon.Tests.Sending;

namespace Messngr.Daemon.Tests.Control;

/// <summary>
/// Issue #14, reply: <c>POST /v1/messages/{id or seq}/reply {text, priority?}</c> answers the
/// caller's own message to the recipient the daemon works out (<see cref="ReplyTarget"/> over its
/// own peer table and trust list), through the send of <c>POST /v1/send/any</c> as the caller.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class ControlReplyEndpointTests
{
    private readonly FakeClassicTransports _transports = new();

    private DaemonSendStack Stack() => FakeSendStack.Create(_transports);

    private static Task<(int Status, string Response)> PostAsync(ControlServerFixture f, string key, string json) =>
        ControlServerTests.RawAsync(f.Server.SocketPath, $"POST /v1/messages/{key}/reply HTTP/1.1", $"Content-Type: application/json\r\nContent-Length: {Encoding.UTF8.GetByteCount(json)}\r\n", json);

    /// <summary>A native message from <paramref name="node"/>'s user alice, seq <paramref name="seq"/>.</summary>
    private static StoredMessage NativeFrom(NodeId node, long seq = 1)
    {
        var m = FakeDaemonControl.Message(seq, "alice", "HOSTA", "lunch?", MessageTransport.Native);
        return m with { Message = m.Message with { Sender = new SenderIdentity.Native(node.ToString(), "alice") } };
    }

    [Fact]
    public async Task A_classic_message_is_answered_the_classic_way_to_its_senders_name_as_the_caller()
    {
        await using var f = await ControlServerFixture.StartAsync();
        f.Daemon.SendStack = Stack();
        f.Daemon.AddHistory(FakeDaemonControl.Message(7, "BOB", "HOSTA", "lunch?"));

        var (status, response) = await PostAsync(f, "7", "{\"text\":\"yes\\r\\n\",\"recipient\":\"mallory\",\"from\":\"mallory\"}");

        Assert.Equal(200, status);
        Assert.Contains("{\"results\":[{\"recipient\":\"BOB\",\"outcome\":\"delivered\",\"succeeded\":true,\"transport\":\"smb\",\"verified\":false", response, StringComparison.Ordinal);
        Assert.Equal(new ClassicMessage("root", "BOB", "yes"), _transports.Messages.Single());
    }

    [Fact]
    public async Task A_native_message_is_answered_natively_to_the_name_its_node_announced_with_replyTo_the_original_id()
    {
        await using var f = await ControlServerFixture.StartAsync();
        using var trustDir = new Messngr.Daemon.Tests.Users.TempDirectory();
        var trust = TrustStore.Open(trustDir.Path);
        var node = TrustStoreTests.Id("hostc");
        trust.Add(new TrustEntry(node, "HOSTC", DateTimeOffset.UtcNow, 0, TrustSource.Manual));
        var peers = new PeerTable(8, trust, [], TimeProvider.System, new CapturingLogger());
        peers.Announced(node, ["HOSTC"], IPAddress.Parse("10.0.0.2"), 2428);
        f.Daemon.TrustList = trust;
        f.Daemon.Peers = peers;
        var delivery = new FakeNativeDelivery(f.Daemon);
        f.Daemon.Delivery = delivery;
        f.Daemon.SendStack = Stack();
        var original = NativeFrom(node);
        f.Daemon.AddHistory(original);

        var (status, response) = await PostAsync(f, original.Message.MessageId.ToString(), "{\"text\":\"yes\",\"priority\":\"high\"}");

        Assert.Equal(200, status);
        Assert.Contains("\"recipient\":\"HOSTC@10.0.0.2:2428\",\"outcome\":\"delivered\",\"succeeded\":true,\"transport\":\"native\",\"verified\":true", response, StringComparison.Ordinal);
        var sent = Assert.Single(delivery.Submitted);
        Assert.Equal(("HOSTC@10.0.0.2:2428", "yes", "root", Priority.High, original.Message.MessageId), (sent.Recipient, sent.Text, sent.FromUser, sent.Priority, sent.ReplyTo));
        Assert.Empty(_transports.Calls);
    }

    [Fact]
    public async Task A_native_message_from_an_unknown_node_is_tried_natively_at_the_senders_login_on_the_default_port()
    {
        await using var f = await ControlServerFixture.StartAsync();
        var delivery = new FakeNativeDelivery(f.Daemon);
        f.Daemon.Delivery = delivery;
        f.Daemon.SendStack = Stack();
        f.Daemon.AddHistory(NativeFrom(TrustStoreTests.Id("far"), 3));

        var (status, response) = await PostAsync(f, "3", "{\"text\":\"yes\"}");

        Assert.Equal(200, status);
        Assert.Contains("\"recipient\":\"alice@10.0.0.2:2426\"", response, StringComparison.Ordinal);
        Assert.Equal("alice@10.0.0.2:2426", Assert.Single(delivery.Submitted).Recipient);
        Assert.Empty(_transports.Calls);
    }

    [Theory]
    [InlineData("not json", "the body must be JSON")]
    [InlineData("{\"text\":\" \\n \"}", "the text is empty")]
    [InlineData("{\"text\":\"x\",\"priority\":\"urgent\"}", "priority must be")]
    [InlineData("null", "the body must be a JSON object")]
    public async Task A_bad_body_is_400_and_nothing_is_sent(string body, string expected)
    {
        await using var f = await ControlServerFixture.StartAsync();
        f.Daemon.SendStack = Stack();
        f.Daemon.AddHistory(FakeDaemonControl.Message(1, "BOB", "HOSTA", "lunch?"));

        var (status, response) = await PostAsync(f, "1", body);

        Assert.Equal(400, status);
        Assert.Contains(expected, response, StringComparison.Ordinal);
        Assert.Empty(_transports.Calls);
    }

    [Theory]
    [InlineData("*")]
    [InlineData("/users")]
    [InlineData("/domain")]
    public async Task A_classic_sender_named_like_a_broadcast_or_the_terminals_is_not_answered_400_and_nothing_is_sent(string from)
    {
        await using var f = await ControlServerFixture.StartAsync();
        f.Daemon.SendStack = Stack();
        f.Daemon.AddHistory(FakeDaemonControl.Message(5, from, "HOSTA", "reply to me"));

        var (status, response) = await PostAsync(f, "5", "{\"text\":\"ok\"}");

        Assert.Equal(400, status);
        Assert.Contains("cannot be answered", response, StringComparison.Ordinal);
        Assert.Empty(_transports.Calls);
    }

    [Fact]
    public async Task A_message_that_is_not_there_is_404_and_a_get_is_405()
    {
        await using var f = await ControlServerFixture.StartAsync();
        f.Daemon.SendStack = Stack();

        var (status, response) = await PostAsync(f, "42", "{\"text\":\"x\"}");
        var (getStatus, _) = await ControlServerTests.RawAsync(f.Server.SocketPath, "GET /v1/messages/42/reply HTTP/1.1", string.Empty, string.Empty);

        Assert.Equal(404, status);
        Assert.Contains("no message 42 among yours", response, StringComparison.Ordinal);
        Assert.Equal(405, getStatus);
        Assert.Empty(_transports.Calls);
    }

    [Fact]
    public async Task Replies_count_with_send_any_against_the_per_uid_cap_429()
    {
        await using var f = await ControlServerFixture.StartAsync();
        using var entered = new SemaphoreSlim(0);
        using var release = new ManualResetEventSlim();
        _transports.HoldSmbUntil(entered, release);
        f.Daemon.SendStack = FakeSendStack.Create(_transports, sendsPerUser: 1);
        f.Daemon.AddHistory(FakeDaemonControl.Message(1, "BOB", "HOSTA", "lunch?"));

        var first = Task.Run(() => ControlServerTests.RawAsync(f.Server.SocketPath, "POST /v1/send/any HTTP/1.1", "Content-Type: application/json\r\nContent-Length: 32\r\n", "{\"recipient\":\"bob\",\"text\":\"one\"}"));
        Assert.True(await entered.WaitAsync(TimeSpan.FromMinutes(1)), "the first send never reached the transport");
        var (busyStatus, busy) = await PostAsync(f, "1", "{\"text\":\"two\"}");
        release.Set();
        var (firstStatus, _) = await first;
        var (againStatus, _) = await PostAsync(f, "1", "{\"text\":\"three\"}");

        Assert.Equal(429, busyStatus);
        Assert.Contains("\"error\":\"busy\"", busy, StringComparison.Ordinal);
        Assert.Equal((200, 200), (firstStatus, againStatus));
        Assert.Equal(["one", "three"], _transports.Messages.Select(m => m.Text));
    }

    [Fact]
    public async Task The_second_user_cannot_answer_roots_message_it_is_404_and_nothing_is_sent_but_its_own_is_answered_as_nobody()
    {
        Assert.True(ControlServerFixture.OwnUid() == 0, "this test drops to uid 65534 and needs root (CI runs as root)");
        await using var f = await ControlServerFixture.StartAsync();
        File.SetUnixFileMode(f.StateDirectory, (UnixFileMode)0b111_101_101);
        f.Daemon.SendStack = Stack();
        var everyone = FakeDaemonControl.Message(1, "BOB", "HOSTB", "to the computer");
        var roots = FakeDaemonControl.Message(2, "BOB", "ROOTALIAS", "to root's alias", MessageTransport.Mailslot);
        f.Daemon.AddHistory(everyone);
        f.Daemon.AddHistory(roots);

        var answers = await NobodyClient.RunAsync(f.Server.SocketPath,
            "POST /v1/messages/2/reply|{\"text\":\"hijack\"}",
            $"POST /v1/messages/{roots.Message.MessageId}/reply|{{\"text\":\"hijack\"}}",
            "POST /v1/messages/1/reply|{\"text\":\"mine\"}");

        Assert.StartsWith("404 ", answers[0], StringComparison.Ordinal);
        Assert.StartsWith("404 ", answers[1], StringComparison.Ordinal);
        Assert.StartsWith("200 ", answers[2], StringComparison.Ordinal);
        Assert.Equal(new ClassicMessage("nobody", "BOB", "mine"), _transports.Messages.Single());
    }
}
