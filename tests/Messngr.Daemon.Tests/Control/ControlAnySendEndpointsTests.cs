using System.Net;
using System.Text;
using Messngr.Daemon.Core;
using Messngr.Daemon.Sending;
using Messngr.Daemon.Tests.Sending;

namespace Messngr.Daemon.Tests.Control;

/// <summary>
/// Issue #14, item 2: <c>POST /v1/send/any</c> sends like <c>messngr send</c> (the one
/// <see cref="MessageSender"/>, classic here through fake transports) as the caller, bounded.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class ControlAnySendEndpointsTests
{
    private readonly FakeClassicTransports _transports = new();

    private DaemonSendStack Stack() => FakeSendStack.Create(_transports);

    private static Task<(int Status, string Response)> PostAsync(ControlServerFixture f, string json) =>
        ControlServerTests.RawAsync(f.Server.SocketPath, "POST /v1/send/any HTTP/1.1", $"Content-Type: application/json\r\nContent-Length: {Encoding.UTF8.GetByteCount(json)}\r\n", json);

    [Fact]
    public async Task A_name_goes_over_smb_as_the_callers_login_name_and_the_result_says_unverified()
    {
        await using var f = await ControlServerFixture.StartAsync();
        f.Daemon.SendStack = Stack();

        var (status, response) = await PostAsync(f, "{\"recipient\":\"bob\",\"text\":\"lunch?\\r\\n\",\"from\":\"mallory\",\"fromUser\":\"mallory\"}");

        Assert.Equal(200, status);
        Assert.Contains("{\"results\":[{\"recipient\":\"bob\",\"outcome\":\"delivered\",\"succeeded\":true,\"transport\":\"smb\",\"verified\":false,\"to\":\"BOB\",\"address\":\"192.0.2.5\"", response, StringComparison.Ordinal);
        Assert.Equal(["smb 192.0.2.5:139 BOB<03> from HOSTA<00>"], _transports.Calls);
        Assert.Equal(new ClassicMessage("root", "BOB", "lunch?"), _transports.Messages.Single());
    }

    [Fact]
    public async Task A_star_or_a_domain_is_one_broadcast_result()
    {
        await using var f = await ControlServerFixture.StartAsync();
        f.Daemon.SendStack = Stack();

        var (starStatus, star) = await PostAsync(f, "{\"recipient\":\"*\",\"text\":\"fire drill\"}");
        var (domainStatus, domain) = await PostAsync(f, "{\"recipient\":\"/domain:OTHER\",\"text\":\"fire drill\"}");

        Assert.Equal((200, 200), (starStatus, domainStatus));
        Assert.Contains("\"outcome\":\"accepted-for-broadcast\",\"succeeded\":true,\"transport\":\"mailslot\"", star, StringComparison.Ordinal);
        Assert.Equal(1, star.Split("\"recipient\":").Length - 1);
        Assert.Contains("\"to\":\"OTHER\"", domain, StringComparison.Ordinal);
        Assert.Equal(["mailslot 192.0.2.255:138 HOSTA<00>->LAB<00> group from 192.0.2.1", "mailslot 192.0.2.255:138 HOSTA<00>->OTHER<00> group from 192.0.2.1"], _transports.Calls);
    }

    [Fact]
    public async Task A_name_a_trusted_node_announces_goes_natively_as_the_caller_with_priority_and_replyTo_and_says_verified()
    {
        await using var f = await ControlServerFixture.StartAsync();
        using var trustDir = new Messngr.Daemon.Tests.Users.TempDirectory();
        var trust = Messngr.Daemon.Native.TrustStore.Open(trustDir.Path);
        var bob = Messngr.Daemon.Tests.Native.TrustStoreTests.Id("bob");
        trust.Add(new Messngr.Daemon.Native.TrustEntry(bob, "BOB", DateTimeOffset.UtcNow, 0, Messngr.Daemon.Native.TrustSource.Manual));
        var peers = new Messngr.Daemon.Native.PeerTable(8, trust, [], TimeProvider.System, new Messngr.Daemon.Tests.Hosting.CapturingLogger());
        peers.Announced(bob, ["BOB"], IPAddress.Parse("10.13.0.2"), 2426);
        peers.Announced(Messngr.Daemon.Tests.Native.TrustStoreTests.Id("mallory"), ["MALLORY"], IPAddress.Parse("10.13.0.66"), 2426);
        f.Daemon.Peers = peers;
        var delivery = new FakeNativeDelivery(f.Daemon);
        f.Daemon.Delivery = delivery;
        f.Daemon.SendStack = Stack();
        var replyTo = MessageId.New();

        var (status, response) = await PostAsync(f, $"{{\"recipient\":\"bob\",\"text\":\"lunch?\",\"priority\":\"high\",\"replyTo\":\"{replyTo}\",\"fromUser\":\"mallory\"}}");
        var (untrustedStatus, untrusted) = await PostAsync(f, "{\"recipient\":\"mallory\",\"text\":\"hi\"}");

        Assert.Equal((200, 200), (status, untrustedStatus));
        Assert.Contains("\"outcome\":\"delivered\",\"succeeded\":true,\"transport\":\"native\",\"verified\":true", response, StringComparison.Ordinal);
        var sent = Assert.Single(delivery.Submitted);
        Assert.Equal(("bob", "lunch?", "root", 0u, Priority.High, replyTo), (sent.Recipient, sent.Text, sent.FromUser, sent.FromUid, sent.Priority, sent.ReplyTo));
        // An untrusted node's name goes the classic way: resolved as MALLORY<03> (not found here), never submitted natively.
        Assert.Contains("\"recipient\":\"mallory\",\"outcome\":\"name-not-found\",\"succeeded\":false,\"transport\":null,\"verified\":false", untrusted, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not json", "the body must be JSON")]
    [InlineData("{\"recipient\":\"@/etc/shadow\",\"text\":\"x\"}", "@FILE")]
    [InlineData("{\"recipient\":\"/nope\",\"text\":\"x\"}", "unknown recipient")]
    [InlineData("{\"recipient\":\"bob\",\"text\":\" \\n \"}", "the text is empty")]
    [InlineData("{\"recipient\":\"bob\",\"text\":\"x\",\"priority\":\"urgent\"}", "priority must be")]
    [InlineData("{\"recipient\":\"bob\",\"text\":\"x\",\"replyTo\":\"12\"}", "replyTo must be a message id")]
    public async Task A_bad_body_is_400_and_nothing_is_sent(string body, string expected)
    {
        await using var f = await ControlServerFixture.StartAsync();
        f.Daemon.SendStack = Stack();

        var (status, response) = await PostAsync(f, body);

        Assert.Equal(400, status);
        Assert.Contains(expected, response, StringComparison.Ordinal);
        Assert.Empty(_transports.Calls);
    }

    [Fact]
    public async Task A_text_longer_than_the_clis_is_400_and_a_body_over_the_limit_is_refused()
    {
        await using var f = await ControlServerFixture.StartAsync();
        f.Daemon.SendStack = Stack();

        var (longStatus, longText) = await PostAsync(f, $"{{\"recipient\":\"bob\",\"text\":\"{new string('x', ControlAnySendEndpointsLimits.Text + 1)}\"}}");
        // Declared larger than the limit: refused before the body is read (only its start is sent, so the test's write cannot fail).
        var (hugeStatus, _) = await ControlServerTests.RawAsync(f.Server.SocketPath, "POST /v1/send/any HTTP/1.1",
            $"Content-Type: application/json\r\nContent-Length: {DaemonLimits.Default.MaxAnySendRequestBytes + 1}\r\n", "{\"recipient\":\"bob\",\"text\":\"");

        Assert.Equal(400, longStatus);
        Assert.Contains("more than 65536 characters", longText, StringComparison.Ordinal);
        Assert.Equal(413, hugeStatus);
        Assert.Empty(_transports.Calls);
    }

    [Fact]
    public async Task Sends_beyond_the_per_uid_cap_are_429_until_one_ends()
    {
        await using var f = await ControlServerFixture.StartAsync();
        using var entered = new SemaphoreSlim(0);
        using var release = new ManualResetEventSlim();
        _transports.HoldSmbUntil(entered, release);
        f.Daemon.SendStack = FakeSendStack.Create(_transports, sendsPerUser: 1);

        var first = Task.Run(() => PostAsync(f, "{\"recipient\":\"bob\",\"text\":\"one\"}"));
        Assert.True(await entered.WaitAsync(TimeSpan.FromMinutes(1)), "the first send never reached the transport");
        var (busyStatus, busy) = await PostAsync(f, "{\"recipient\":\"bob\",\"text\":\"two\"}");
        release.Set();
        var (firstStatus, _) = await first;
        var (againStatus, _) = await PostAsync(f, "{\"recipient\":\"bob\",\"text\":\"three\"}");

        Assert.Equal(429, busyStatus);
        Assert.Contains("\"error\":\"busy\"", busy, StringComparison.Ordinal);
        Assert.Equal((200, 200), (firstStatus, againStatus));
        Assert.Equal(["one", "three"], _transports.Messages.Select(m => m.Text));
    }

    [Fact]
    public async Task Without_a_send_engine_it_is_503()
    {
        await using var f = await ControlServerFixture.StartAsync();

        var (status, response) = await PostAsync(f, "{\"recipient\":\"bob\",\"text\":\"x\"}");

        Assert.Equal(503, status);
        Assert.Contains("send-off", response, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_second_user_sends_under_its_own_login_name_whatever_the_body_says()
    {
        Assert.True(ControlServerFixture.OwnUid() == 0, "this test drops to uid 65534 and needs root (CI runs as root)");
        await using var f = await ControlServerFixture.StartAsync();
        File.SetUnixFileMode(f.StateDirectory, (UnixFileMode)0b111_101_101);
        f.Daemon.SendStack = Stack();

        var answers = await NobodyClient.RunAsync(f.Server.SocketPath, "POST /v1/send/any|{\"recipient\":\"bob\",\"text\":\"from nobody\",\"from\":\"root\",\"fromUser\":\"root\",\"fromUid\":0}");

        Assert.StartsWith("200 ", answers[0], StringComparison.Ordinal);
        Assert.Equal(new ClassicMessage("nobody", "BOB", "from nobody"), _transports.Messages.Single());
    }

    private static class ControlAnySendEndpointsLimits
    {
        public const int Text = Messngr.Daemon.Control.ControlAnySendEndpoints.MaxTextCharacters;
    }
}
