using System.Globalization;
using System.Net;
using Messngr.Daemon.Core;
using Messngr.Daemon.Listeners;
using Messngr.Daemon.Messages;
using Messngr.Daemon.Store;

namespace Messngr.Daemon.Tests.Store;

/// <summary>Issue #13, items 1 and 7: the message model in the store — every field kept, deduplication by id, correlation keys.</summary>
public sealed class MessageModelStoreTests : IDisposable
{
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-12-07T04:00:00Z", CultureInfo.InvariantCulture);
    private static readonly IPEndPoint Peer = new(IPAddress.Parse("10.0.0.3"), 4443);
    private static readonly SenderIdentity.Native Bob = new("P56IOI7-MZJNU2Y-IQGDREY", "bob");

    private readonly string _dir = Directory.CreateTempSubdirectory("messngr-model-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static ReceivedMessage Native(string text, string? key = null, SenderIdentity.Native? sender = null, string to = "ALICE", MessageId? id = null) =>
        new ReceivedMessage("bob", to, text, MessageTransport.Native, Peer, Now)
        {
            Sender = sender ?? Bob,
            CorrelationKey = key,
            OwnerUid = 1000,
            MessageId = id ?? MessageId.New(),
        };

    [Fact]
    public void Every_field_of_the_model_survives_a_restart()
    {
        var replyTo = MessageId.New();
        var message = Native("disk /var is 95% full", key: "disk:/var") with
        {
            Priority = Priority.Critical,
            ExpiresAt = Now.AddHours(1),
            ReplyTo = replyTo,
        };
        using (var store = new SqliteMessageStore(_dir))
        {
            store.Commit([message]);
        }

        using var reopened = new SqliteMessageStore(_dir);
        var stored = Assert.Single(reopened.History(10)).Message;
        Assert.Equal(
            (message.MessageId, Priority.Critical, (DateTimeOffset?)Now.AddHours(1), "disk:/var", (MessageId?)replyTo, true, (MessageId?)null),
            (stored.MessageId, stored.Priority, stored.ExpiresAt, stored.CorrelationKey, stored.ReplyTo, stored.Verified, stored.SupersededBy));
        Assert.Equal(Bob, stored.Sender);
    }

    [Fact]
    public void A_message_whose_id_is_stored_already_is_not_stored_again_and_the_earlier_row_is_answered()
    {
        using var store = new SqliteMessageStore(_dir);
        var first = Native("once");
        var firstResult = Assert.Single(store.Commit([first]));

        var again = store.Commit([Native("other"), first with { Text = "a replay with other text" }, first]);

        Assert.False(firstResult.Duplicate);
        Assert.Equal([false, true, true], again.Select(r => r.Duplicate));
        Assert.Equal(firstResult.Id, again[1].Id);
        Assert.Equal(firstResult.Id, again[2].Id);
        Assert.Equal(["other", "once"], store.History(10).Select(h => h.Message.Text));
    }

    [Fact]
    public async Task The_pipeline_tells_the_sender_a_duplicate_is_stored_but_does_not_pass_it_to_the_sinks()
    {
        using var store = new SqliteMessageStore(_dir);
        var dispatched = new List<StoredMessage>();
        var counters = new ListenerCounters();
        var pipeline = new MessagePipeline(counters, store) { OnCommitted = dispatched.Add };
        var message = Native("exactly once");

        var first = await pipeline.PublishAsync(message);
        var second = await pipeline.PublishAsync(message);

        Assert.NotNull(first);
        Assert.NotNull(second);
        Assert.Equal((false, true, first.Id), (first.Duplicate, second.Duplicate, second.Id));
        Assert.Equal([first.Id], dispatched.Select(d => d.Id));
        Assert.Equal(1, counters.Accepted);
    }

    [Fact]
    public void A_later_message_with_the_same_key_and_sender_replaces_the_earlier_one_in_history_unless_all()
    {
        using var store = new SqliteMessageStore(_dir);
        var first = Native("disk 90%", key: "disk:/var");
        var other = Native("cpu hot", key: "cpu");
        var second = Native("disk 95%", key: "disk:/var");
        store.Commit([first, other]);
        store.Commit([second]);

        Assert.Equal(["disk 95%", "cpu hot"], store.History(10).Select(h => h.Message.Text));
        Assert.Equal(["disk 95%", "cpu hot"], store.History(10, 1000).Select(h => h.Message.Text));
        var all = store.History(10, includeSuperseded: true);
        Assert.Equal(["disk 95%", "cpu hot", "disk 90%"], all.Select(h => h.Message.Text));
        Assert.Equal(second.MessageId, all[2].Message.SupersededBy);
    }

    [Fact]
    public void An_older_message_arriving_late_does_not_replace_the_newer_one()
    {
        using var store = new SqliteMessageStore(_dir);
        var older = Native("disk 90%", key: "disk:/var");
        var newer = Native("disk 95%", key: "disk:/var");
        store.Commit([newer]);
        store.Commit([older]);

        Assert.Equal(["disk 95%"], store.History(10).Select(h => h.Message.Text));
        Assert.Equal(newer.MessageId, store.History(10, includeSuperseded: true)[0].Message.SupersededBy);
    }

    [Fact]
    public void The_same_key_from_another_sender_or_to_another_recipient_or_from_a_classic_sender_replaces_nothing()
    {
        using var store = new SqliteMessageStore(_dir);
        store.Commit([Native("bob's", key: "k")]);
        store.Commit([Native("carol's", key: "k", sender: new SenderIdentity.Native("P56IOI7-MZJNU2Y-IQGDREY", "carol"))]);
        store.Commit([Native("other node", key: "k", sender: new SenderIdentity.Native("AAAAAAA-BBBBBBB", "bob"))]);
        store.Commit([Native("to carol", key: "k", to: "CAROL")]);
        store.Commit([new ReceivedMessage("bob", "ALICE", "a forged classic bob", MessageTransport.Smb, Peer, Now) { CorrelationKey = "k", OwnerUid = 1000 }]);

        Assert.Equal(5, store.History(10).Count);
    }
}
