using System.Net.Sockets;
using System.Text;
using Messngr.Cli;
using Messngr.Cli.Control;
using Messngr.Daemon.Control.Api;
using Messngr.Daemon.Core;
using Messngr.Daemon.Native;

using static Messngr.Daemon.Tests.Control.SendEndpointHarness;

namespace Messngr.Daemon.Tests.Control;

/// <summary>
/// Issue #13, item 8: <c>POST /v1/send</c>, <c>GET /v1/sent</c> and <c>GET /v1/sent/{id}</c> against a
/// fake <see cref="INativeDelivery"/>: the daemon sends as the caller, validates the body, caps one
/// user's waiting messages, and shows each user only what they sent.
/// </summary>
public sealed class ControlSendEndpointsTests
{
    [Fact]
    public async Task Send_goes_out_as_the_callers_uid_and_login_name_whatever_the_body_claims()
    {
        var (f, delivery) = await StartAsync();
        await using var _ = f;
        var own = ControlServerFixture.OwnUid();
        f.Daemon.UserNames[own] = "alice";

        var (status, response) = await PostAsync(f, """
            {"recipient":"BOB@10.0.0.7:2426","text":"hi","priority":"high","expiresInSeconds":3600,"sealed":true,
             "correlationKey":"disk-1","fromUser":"mallory","fromUid":4242,"FromUser":"mallory"}
            """);

        Assert.Equal(200, status);
        var sent = Assert.Single(delivery.Submitted);
        Assert.Equal(("alice", own), (sent.FromUser, sent.FromUid));
        Assert.Equal(("BOB@10.0.0.7:2426", "hi", Priority.High, true, "disk-1"), (sent.Recipient, sent.Text, sent.Priority, sent.Sealed, sent.CorrelationKey));
        Assert.InRange((sent.ExpiresAt!.Value - sent.CreatedAt).TotalSeconds, 3599, 3601);
        Assert.Contains($"\"messageId\":\"{sent.Id}\"", response, StringComparison.Ordinal);
        Assert.Contains("\"outcome\":\"delivered\"", response, StringComparison.Ordinal);
        Assert.Contains("\"queued\":false", response, StringComparison.Ordinal);
        Assert.Contains("\"state\":\"stored\"", response, StringComparison.Ordinal);
        Assert.Contains($"\"nodeId\":\"{FakeNativeDelivery.NodeIdText}\"", response, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_node_that_is_down_answers_queued_with_the_attempts_detail()
    {
        var (f, delivery) = await StartAsync();
        await using var _ = f;
        delivery.Answer = _ => new NativeSendResult(NativeSendOutcome.Unreachable, null, "connection refused");

        var dto = await f.Client.SendNativeAsync(new NativeSendRequest("BOB", "hi"), TimeSpan.FromSeconds(30), CancellationToken.None);

        Assert.Equal(("unreachable", true, "queued", "connection refused"), (dto.Outcome, dto.Queued, dto.State, dto.Detail));
    }

    [Fact]
    public async Task With_native_off_send_answers_503_and_the_client_exits_69()
    {
        await using var f = await ControlServerFixture.StartAsync();

        var ex = await Assert.ThrowsAsync<ControlClientException>(() => f.Client.SendNativeAsync(new NativeSendRequest("BOB", "hi"), TimeSpan.FromSeconds(30), CancellationToken.None));

        Assert.Equal((ControlErrors.NativeOff, ExitCodes.Unavailable), (ex.Error, ex.ExitCode));
        Assert.Contains("native transport is off", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"recipient\":\"BOB\",\"text\":\"hi\",\"priority\":\"urgent\"}", "priority must be")]
    [InlineData("{\"recipient\":\"BOB\",\"text\":\"hi\",\"priority\":\"2\"}", "priority must be")]
    [InlineData("{\"recipient\":\"\",\"text\":\"hi\"}", "no recipient")]
    [InlineData("{\"recipient\":\"A*B\",\"text\":\"hi\"}", "recipient")]
    [InlineData("{\"recipient\":\"BOB@\",\"text\":\"hi\"}", "host")]
    [InlineData("{\"recipient\":\"BOB@10.0.0.7:0\",\"text\":\"hi\"}", "port")]
    [InlineData("{\"recipient\":\"BOB@10.0.0.7:70000\",\"text\":\"hi\"}", "port")]
    [InlineData("{\"recipient\":\"BOB\",\"text\":\"  \"}", "empty")]
    [InlineData("{\"recipient\":\"BOB\",\"text\":\"hi\",\"expiresInSeconds\":0}", "expiresInSeconds")]
    [InlineData("{\"recipient\":\"BOB\",\"text\":\"hi\",\"expiresInSeconds\":2592001}", "expiresInSeconds")]
    [InlineData("{\"recipient\":\"BOB\",\"text\":\"hi\",\"correlationKey\":\"a b\"}", "correlation key")]
    [InlineData("{\"recipient\":\"BOB\",\"text\":\"hi\",\"replyTo\":\"nope\"}", "replyTo")]
    [InlineData("[1]", "JSON")]
    public async Task A_bad_request_is_refused_with_400_and_nothing_is_sent(string json, string problem)
    {
        var (f, delivery) = await StartAsync();
        await using var _ = f;

        var (status, response) = await PostAsync(f, json);

        Assert.Equal(400, status);
        Assert.Contains(problem, response, StringComparison.Ordinal);
        Assert.Empty(delivery.Submitted);
    }

    [Fact]
    public async Task Text_longer_than_the_protocols_65536_bytes_is_refused_but_65536_go()
    {
        var (f, delivery) = await StartAsync();
        await using var _ = f;

        var (tooLong, response) = await PostAsync(f, $"{{\"recipient\":\"BOB\",\"text\":\"{new string('x', 65_537)}\"}}");
        var (fits, _) = await PostAsync(f, $"{{\"recipient\":\"BOB\",\"text\":\"{new string('x', 65_536)}\"}}");

        Assert.Equal((400, 200), (tooLong, fits));
        Assert.Contains("65536 bytes", response, StringComparison.Ordinal);
        Assert.Equal(65_536, Assert.Single(delivery.Submitted).Text.Length);
    }

    [Fact]
    public async Task A_user_with_the_cap_of_messages_waiting_gets_429_and_the_client_exits_75()
    {
        var (f, delivery) = await StartAsync(DaemonLimits.Default with { MaxWaitingPerUser = 2 });
        await using var _ = f;
        delivery.Answer = _ => new NativeSendResult(NativeSendOutcome.Unreachable, null, "connection refused");
        var request = new NativeSendRequest("BOB", "hi");
        await f.Client.SendNativeAsync(request, TimeSpan.FromSeconds(30), CancellationToken.None);
        await f.Client.SendNativeAsync(request, TimeSpan.FromSeconds(30), CancellationToken.None);

        var ex = await Assert.ThrowsAsync<ControlClientException>(() => f.Client.SendNativeAsync(request, TimeSpan.FromSeconds(30), CancellationToken.None));

        Assert.Equal((ControlErrors.TooMany, ExitCodes.TimedOut), (ex.Error, ex.ExitCode));
        Assert.Equal(2, delivery.Submitted.Count);
    }

    [Fact]
    public async Task Concurrent_sends_of_one_user_cannot_slip_past_the_cap_before_they_reach_the_outbox()
    {
        var (f, delivery) = await StartAsync(DaemonLimits.Default with { MaxWaitingPerUser = 3 });
        await using var _ = f;
        var open = new TaskCompletionSource();
        delivery.Gate = open.Task;
        delivery.Answer = _ => new NativeSendResult(NativeSendOutcome.Unreachable, null, "connection refused");
        // The fake puts nothing in the outbox before the gate opens: the cap must count the sends in flight.
        var sends = Enumerable.Range(0, 6).Select(_ => PostAsync(f, "{\"recipient\":\"BOB\",\"text\":\"hi\"}")).ToList();
        await ControlServerFixture.WaitUntilAsync(() => sends.Count(t => t.IsCompleted) >= 3);
        open.SetResult();

        var statuses = (await Task.WhenAll(sends)).Select(r => r.Status).ToList();
        Assert.Equal(3, statuses.Count(s => s == 429));
        Assert.Equal(3, statuses.Count(s => s == 200));
    }

    [Fact]
    public async Task Sent_lists_newest_first_with_receipts_and_one_message_by_id()
    {
        var (f, delivery) = await StartAsync();
        await using var _ = f;
        var first = await f.Client.SendNativeAsync(new NativeSendRequest("BOB", "one"), TimeSpan.FromSeconds(30), CancellationToken.None);
        var second = await f.Client.SendNativeAsync(new NativeSendRequest("CAROL", "two"), TimeSpan.FromSeconds(30), CancellationToken.None);

        var list = await f.Client.SentAsync(10, CancellationToken.None);
        var one = await f.Client.SentMessageAsync(first.MessageId, null, TimeSpan.Zero, CancellationToken.None);

        Assert.Equal([second.MessageId, first.MessageId], list.Select(s => s.Id));
        Assert.Equal(("BOB", "stored", FakeNativeDelivery.NodeIdText), (one.Recipient, one.State, one.NodeId));
        Assert.Equal(["queued", "sent", "stored"], one.Receipts.Select(r => r.State));
        Assert.Single(await f.Client.SentAsync(1, CancellationToken.None));
    }

    [Fact]
    public async Task Wait_returns_when_the_message_is_read()
    {
        var (f, delivery) = await StartAsync();
        await using var _ = f;
        var sent = await f.Client.SendNativeAsync(new NativeSendRequest("BOB", "hi"), TimeSpan.FromSeconds(30), CancellationToken.None);
        Assert.True(MessageId.TryParse(sent.MessageId, out var id, out var error), error.ToString());

        var waiting = f.Client.SentMessageAsync(sent.MessageId, "read", TimeSpan.FromMinutes(5), CancellationToken.None);
        await delivery.WaitStarted.Task.WaitAsync(TimeSpan.FromSeconds(30));
        delivery.Reach(id, ReceiptState.Displayed);
        delivery.Reach(id, ReceiptState.Read);
        var dto = await waiting.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal("read", dto.State);
        Assert.Equal(["queued", "sent", "stored", "displayed", "read"], dto.Receipts.Select(r => r.State));
    }

    [Fact]
    public async Task A_wait_that_times_out_answers_the_state_reached_so_far()
    {
        var (f, _) = await StartAsync();
        await using var __ = f;
        var sent = await f.Client.SendNativeAsync(new NativeSendRequest("BOB", "hi"), TimeSpan.FromSeconds(30), CancellationToken.None);

        var dto = await f.Client.SentMessageAsync(sent.MessageId, "read", TimeSpan.FromSeconds(0.2), CancellationToken.None);

        Assert.Equal("stored", dto.State);
    }

    [Theory]
    [InlineData("wait=sent", "wait must be")]
    [InlineData("wait=read&timeout=0", "timeout must be")]
    [InlineData("wait=read&timeout=86401", "timeout must be")]
    public async Task Bad_wait_arguments_are_refused(string query, string problem)
    {
        var (f, _) = await StartAsync();
        await using var __ = f;
        var sent = await f.Client.SendNativeAsync(new NativeSendRequest("BOB", "hi"), TimeSpan.FromSeconds(30), CancellationToken.None);

        var (status, response) = await ControlServerTests.RawAsync(f.Server.SocketPath, $"GET /v1/sent/{sent.MessageId}?{query} HTTP/1.1");

        Assert.Equal(400, status);
        Assert.Contains(problem, response, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wait_ends_when_the_client_goes_away()
    {
        var (f, delivery) = await StartAsync();
        await using var _ = f;
        var sent = await f.Client.SendNativeAsync(new NativeSendRequest("BOB", "hi"), TimeSpan.FromSeconds(30), CancellationToken.None);

        using (var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified))
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(f.Server.SocketPath));
            await socket.SendAsync(Encoding.ASCII.GetBytes($"GET /v1/sent/{sent.MessageId}?wait=read&timeout=86400 HTTP/1.1\r\nHost: messngr\r\n\r\n"));
            await delivery.WaitStarted.Task.WaitAsync(TimeSpan.FromSeconds(30));
        }

        await delivery.WaitCancelled.Task.WaitAsync(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task An_unknown_or_malformed_id_is_404_or_400()
    {
        var (f, _) = await StartAsync();
        await using var __ = f;

        var (missing, _) = await ControlServerTests.RawAsync(f.Server.SocketPath, $"GET /v1/sent/{MessageId.New()} HTTP/1.1");
        var (bad, _) = await ControlServerTests.RawAsync(f.Server.SocketPath, "GET /v1/sent/xyz HTTP/1.1");

        Assert.Equal((404, 400), (missing, bad));
    }
}
