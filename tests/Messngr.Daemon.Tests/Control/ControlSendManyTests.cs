using System.Text;
using System.Text.Json;
using Messngr.Cli;
using Messngr.Cli.Control;
using Messngr.Daemon.Control.Api;
using Messngr.Daemon.Core;
using Messngr.Daemon.Native;

using static Messngr.Daemon.Tests.Control.SendEndpointHarness;

namespace Messngr.Daemon.Tests.Control;

/// <summary>
/// Issue #13, many: <c>POST /v1/send {recipients: […]}</c> against a fake <see cref="INativeDelivery"/>:
/// every recipient submitted at once, answered in the request's order; the list bounded
/// (<see cref="DaemonLimits.MaxSendRecipients"/>) and checked as a whole before anything goes; the
/// per-user cap counts every recipient.
/// </summary>
public sealed class ControlSendManyTests
{
    private static NativeSendRequest Many(params string[] recipients) => new(null, "hi", Recipients: recipients);

    [Fact]
    public async Task A_list_is_submitted_all_at_once_and_answered_in_the_requests_order()
    {
        var (f, delivery) = await StartAsync();
        await using var owned = f;
        // No submit may finish before all three started: one after another, the first would hold the rest for ever.
        var open = new TaskCompletionSource();
        delivery.Gate = open.Task;
        delivery.Answer = m => m.Recipient switch
        {
            "CAROL" => new NativeSendResult(NativeSendOutcome.Unreachable, null, "connection refused"),
            "DAVE@10.0.0.9:2500" => new NativeSendResult(NativeSendOutcome.Refused, null, "not-here: no such name"),
            _ => new NativeSendResult(NativeSendOutcome.Delivered, FakeNativeDelivery.NodeIdText, "delivered"),
        };

        var sending = f.Client.SendNativeManyAsync(Many("BOB", " CAROL ", "DAVE@10.0.0.9:2500"), TimeSpan.FromSeconds(60), CancellationToken.None);
        await ControlServerFixture.WaitUntilAsync(() => delivery.Submitted.Count == 3);
        open.SetResult();
        var answer = await sending.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(["BOB", "CAROL", "DAVE@10.0.0.9:2500"], answer.Results.Select(r => r.Recipient));
        Assert.Equal([("delivered", false, "stored"), ("unreachable", true, "queued"), ("refused", false, "queued")], answer.Results.Select(r => (r.Outcome, r.Queued, r.State)));
        Assert.Equal(3, answer.Results.Select(r => r.MessageId).Distinct().Count());
        Assert.All(delivery.Submitted, m => Assert.Equal(("root", ControlServerFixture.OwnUid(), "hi"), (m.FromUser, m.FromUid, m.Text)));
        Assert.True(MessageId.TryParse(answer.Results[1].MessageId, out var queuedId, out _));
        var queued = f.Daemon.FindSent(queuedId)!;
        Assert.Equal(queued.ExpiresAt, answer.Results[1].RetryUntil);
        Assert.Null(answer.Results[0].RetryUntil);
    }

    [Fact]
    public async Task A_single_recipient_body_still_answers_one_object()
    {
        var (f, _) = await StartAsync();
        await using var owned = f;

        var (status, response) = await PostAsync(f, "{\"recipient\":\"BOB\",\"text\":\"hi\"}");

        Assert.Equal(200, status);
        Assert.Contains("{\"messageId\":", response, StringComparison.Ordinal);
        Assert.Contains("\"outcome\":\"delivered\"", response, StringComparison.Ordinal);
        Assert.Contains("\"recipient\":\"BOB\"", response, StringComparison.Ordinal);
        Assert.DoesNotContain("results", response, StringComparison.Ordinal);
    }

    [Fact]
    public async Task More_recipients_than_the_limit_are_refused_with_400_and_nothing_is_sent()
    {
        var (f, delivery) = await StartAsync(DaemonLimits.Default with { MaxSendRecipients = 3 });
        await using var owned = f;

        var (tooMany, response) = await PostAsync(f, "{\"recipients\":[\"A\",\"B\",\"C\",\"D\"],\"text\":\"hi\"}");
        Assert.Equal(400, tooMany);
        Assert.Contains("at most 3 recipients in one request (4 given)", response, StringComparison.Ordinal);
        Assert.Empty(delivery.Submitted);

        var (fits, _) = await PostAsync(f, "{\"recipients\":[\"A\",\"B\",\"C\"],\"text\":\"hi\"}");
        Assert.Equal(200, fits);
        Assert.Equal(3, delivery.Submitted.Count);
    }

    [Theory]
    [InlineData("{\"recipients\":[\"BOB\",\"A*B\"],\"text\":\"hi\"}", "recipients[1]:")]
    [InlineData("{\"recipients\":[\"BOB\",\"CAROL@10.0.0.7:0\"],\"text\":\"hi\"}", "must be from 1 to 65535")]
    [InlineData("{\"recipients\":[\"BOB\",null],\"text\":\"hi\"}", "no recipient")]
    [InlineData("{\"recipients\":[],\"text\":\"hi\"}", "recipients is empty")]
    [InlineData("{\"recipient\":\"BOB\",\"recipients\":[\"CAROL\"],\"text\":\"hi\"}", "not both")]
    [InlineData("{\"recipients\":\"BOB\",\"text\":\"hi\"}", "recipients")]
    [InlineData("{\"recipients\":[\"BOB\"],\"text\":\"\"}", "the text is empty")]
    public async Task One_bad_entry_refuses_the_whole_list_with_400(string json, string problem)
    {
        var (f, delivery) = await StartAsync();
        await using var owned = f;

        var (status, response) = await PostAsync(f, json);

        Assert.Equal(400, status);
        Assert.Contains(problem, response, StringComparison.Ordinal);
        Assert.Empty(delivery.Submitted);
    }

    [Fact]
    public async Task A_full_list_with_the_longest_text_fits_the_body_limit()
    {
        var (f, delivery) = await StartAsync();
        await using var owned = f;
        // The worst case of each part: 65,536 characters that JSON-escape to 6 bytes each, 256 long host names.
        var host = string.Join('.', Enumerable.Repeat(new string('h', 62), 4));
        var recipients = Enumerable.Range(0, DaemonLimits.Default.MaxSendRecipients).Select(i => $"N{i}@{host}:2426").ToArray();
        var json = JsonSerializer.Serialize(new NativeSendRequest(null, new string('\u0001', 65_536), Recipients: recipients), ControlJsonContext.Default.NativeSendRequest);
        Assert.True(Encoding.UTF8.GetByteCount(json) > DaemonLimits.Default.MaxSendRequestBytes, "the body must exceed the one-recipient limit");

        var (status, response) = await PostAsync(f, json);

        Assert.True(status == 200, response);
        Assert.Equal(256, delivery.Submitted.Count);
    }

    [Fact]
    public async Task The_cap_counts_every_recipient_of_a_list_and_refuses_it_whole_with_429()
    {
        var (f, delivery) = await StartAsync(DaemonLimits.Default with { MaxWaitingPerUser = 3 });
        await using var owned = f;
        delivery.Answer = _ => new NativeSendResult(NativeSendOutcome.Unreachable, null, "connection refused");
        await f.Client.SendNativeAsync(new NativeSendRequest("BOB", "hi"), TimeSpan.FromSeconds(30), CancellationToken.None);

        var ex = await Assert.ThrowsAsync<ControlClientException>(() => f.Client.SendNativeManyAsync(Many("A", "B", "C"), TimeSpan.FromSeconds(30), CancellationToken.None));
        Assert.Equal((ControlErrors.TooMany, ExitCodes.TimedOut), (ex.Error, ex.ExitCode));
        Assert.Contains("these 3 recipients would pass that (nothing was sent)", ex.Message, StringComparison.Ordinal);
        Assert.Single(delivery.Submitted);

        var two = await f.Client.SendNativeManyAsync(Many("A", "B"), TimeSpan.FromSeconds(30), CancellationToken.None);
        Assert.Equal(2, two.Results.Count);
        Assert.Equal(3, f.Daemon.CountWaiting(ControlServerFixture.OwnUid()));
    }

    [Fact]
    public async Task Lists_in_flight_together_cannot_slip_past_the_cap_before_they_reach_the_outbox()
    {
        var (f, delivery) = await StartAsync(DaemonLimits.Default with { MaxWaitingPerUser = 4 });
        await using var owned = f;
        var open = new TaskCompletionSource();
        delivery.Gate = open.Task;
        delivery.Answer = _ => new NativeSendResult(NativeSendOutcome.Unreachable, null, "connection refused");
        // The fake puts nothing in the outbox before the gate opens: the cap must count every recipient in flight.
        var first = PostAsync(f, "{\"recipients\":[\"A\",\"B\",\"C\"],\"text\":\"hi\"}");
        await ControlServerFixture.WaitUntilAsync(() => delivery.Submitted.Count == 3);

        var (second, response) = await PostAsync(f, "{\"recipients\":[\"D\",\"E\"],\"text\":\"hi\"}");
        open.SetResult();

        Assert.Equal(429, second);
        Assert.Contains("too-many-waiting", response, StringComparison.Ordinal);
        Assert.Equal(200, (await first).Status);
        Assert.Equal(3, delivery.Submitted.Count);
    }
}
