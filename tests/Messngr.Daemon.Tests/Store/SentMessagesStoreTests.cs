using System.Globalization;
using Messngr.Daemon.Core;
using Messngr.Daemon.Store;

namespace Messngr.Daemon.Tests.Store;

/// <summary>Issue #13, item 8: the per-uid count of waiting messages and the listing behind 'messngr sent'.</summary>
public sealed class SentMessagesStoreTests : IDisposable
{
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-12-07T04:00:00Z", CultureInfo.InvariantCulture);

    private readonly string _dir = Directory.CreateTempSubdirectory("messngr-sent-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static OutgoingMessage From(uint uid, string text) => new(MessageId.New(), "BOB", "user" + uid, uid, text, Now);

    [Fact]
    public void CountWaiting_counts_only_that_uids_messages_with_an_attempt_left()
    {
        using var store = new SqliteMessageStore(_dir);
        var stored = From(1000, "stored");
        foreach (var m in (OutgoingMessage[])[From(1000, "a"), From(1000, "b"), stored, From(1001, "other")])
        {
            store.EnqueueOutgoing(m);
        }

        store.RecordReceipt(new Receipt(stored.Id, ReceiptState.Stored, Now));

        Assert.Equal(2, store.CountWaiting(1000));
        Assert.Equal(1, store.CountWaiting(1001));
        Assert.Equal(0, store.CountWaiting(1002));
    }

    [Fact]
    public void SentMessages_lists_newest_first_one_uids_own_or_all_for_root_limited()
    {
        using var store = new SqliteMessageStore(_dir);
        var first = From(1000, "first");
        var other = From(1001, "other");
        var last = From(1000, "last");
        foreach (var m in (OutgoingMessage[])[first, other, last])
        {
            store.EnqueueOutgoing(m);
        }

        Assert.Equal(["last", "first"], store.SentMessages(1000, 10).Select(m => m.Text));
        Assert.Equal(["last"], store.SentMessages(1000, 1).Select(m => m.Text));
        Assert.Equal(["other"], store.SentMessages(1001, 10).Select(m => m.Text));
        Assert.Equal(["last", "other", "first"], store.SentMessages(null, 10).Select(m => m.Text));
    }
}
