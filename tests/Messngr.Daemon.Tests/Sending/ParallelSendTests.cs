using System.Net;
using Messngr.Daemon.Sending;

namespace Messngr.Daemon.Tests.Sending;

/// <summary>
/// Issue #13, item 8: several recipients are sent at once, results in the recipients' order. The
/// proof needs no clock: each recipient's transport blocks until every recipient has started, which
/// can only end if they run together (one after another, the first would wait for ever).
/// </summary>
public sealed class ParallelSendTests
{
    private static readonly TimeSpan SafetyNet = TimeSpan.FromSeconds(60);

    private static MessageSender Sender(FakeClassicTransports transports, bool blockingIo, INativeRoute? native = null) => new(
        new SendSettings { ComputerName = "HOSTA", Timeout = TimeSpan.FromMinutes(5), BlockingIo = blockingIo },
        new TableResolver(new() { ["BOB<03>"] = "192.0.2.5", ["CAROL<03>"] = "192.0.2.6", ["DAVE<03>"] = "192.0.2.7" }),
        transports,
        new NoLocalSessions(),
        native);

    private static List<Recipient> Recipients(params string[] texts) => [.. texts.Select(t =>
    {
        Assert.True(RecipientParser.TryParse(t, out var r, out var error), error);
        return r;
    })];

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Recipients_are_sent_at_once_and_results_keep_their_order(bool blockingIo)
    {
        using var allStarted = new CountdownEvent(3);
        var transports = new FakeClassicTransports
        {
            Smb = (endpoint, _) =>
            {
                allStarted.Signal();
                var together = allStarted.Wait(SafetyNet);
                // CAROL answers last-but-refused, so an order by completion would show.
                return endpoint.Address.Equals(IPAddress.Parse("192.0.2.6"))
                    ? new TransportResult(SendOutcome.Refused, "not here")
                    : new TransportResult(together ? SendOutcome.Delivered : SendOutcome.TimedOut, together ? "ok" : "sent one after another");
            },
        };

        var results = await Sender(transports, blockingIo).SendAsync(new SendRequest(Recipients("bob", "carol", "dave"), "alice", "hi"), null, CancellationToken.None).WaitAsync(SafetyNet * 2);

        Assert.Equal(["bob", "carol", "dave"], results.Select(r => r.Recipient.Text));
        Assert.Equal([SendOutcome.Delivered, SendOutcome.Refused, SendOutcome.Delivered], results.Select(r => r.Outcome));
    }

    [Fact]
    public async Task A_native_recipient_is_sent_at_the_same_time_as_a_classic_one()
    {
        using var bothStarted = new CountdownEvent(2);
        var transports = new FakeClassicTransports
        {
            Smb = (_, _) =>
            {
                bothStarted.Signal();
                return bothStarted.Wait(SafetyNet) ? new TransportResult(SendOutcome.Delivered, "ok") : new TransportResult(SendOutcome.TimedOut, "sent one after another");
            },
        };
        var native = new BlockingNativeRoute(bothStarted, SafetyNet);

        var results = await Sender(transports, blockingIo: true, native).SendAsync(new SendRequest(Recipients("dave", "bob"), "alice", "hi"), null, CancellationToken.None).WaitAsync(SafetyNet * 2);

        Assert.Equal([(SendOutcome.Delivered, SendTransport.Native), (SendOutcome.Delivered, SendTransport.Smb)], results.Select(r => (r.Outcome, r.Transport!.Value)));
        Assert.Equal("stored", results[0].Native!.State);
    }

    private sealed class NoLocalSessions : ILocalSessions
    {
        public Task<RecipientResult> ShowAsync(Recipient recipient, string text, CancellationToken cancellationToken) =>
            Task.FromResult(new RecipientResult(recipient, SendOutcome.NameNotFound, null, null, null, "nobody"));
    }

    /// <summary>Takes DAVE natively (blocking, on a thread of its own, until the other recipient started too); the rest goes classic.</summary>
    private sealed class BlockingNativeRoute(CountdownEvent started, TimeSpan safetyNet) : INativeRoute
    {
        public Task<IReadOnlyList<Task<RecipientResult>?>> StartAsync(SendRequest request, SendTrace? trace, CancellationToken cancellationToken)
        {
            IReadOnlyList<Task<RecipientResult>?> tasks = [.. request.Recipients.Select(recipient => recipient.Name != "dave" ? null : Task.Run(() =>
            {
                started.Signal();
                var together = started.Wait(safetyNet, cancellationToken);
                return new RecipientResult(recipient, together ? SendOutcome.Delivered : SendOutcome.TimedOut, SendTransport.Native, null, "DAVE", "delivered")
                {
                    Native = new NativeDelivery("0193a5f0-0000-7000-8000-000000000000", "stored", "P56IOI7", true),
                };
            }, cancellationToken))];
            return Task.FromResult(tasks);
        }
    }
}
