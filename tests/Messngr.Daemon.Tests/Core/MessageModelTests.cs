using System.Net;
using Messngr.Daemon.Core;

namespace Messngr.Daemon.Tests.Core;

/// <summary>Issue #13, item 1: priority, correlation keys, and how a classic message maps into the model.</summary>
public sealed class MessageModelTests
{
    private static readonly IPEndPoint Source = new(IPAddress.Parse("10.0.0.2"), 40000);

    [Fact]
    public void A_classic_message_gets_a_fresh_id_at_receipt_priority_normal_and_an_unverified_sender()
    {
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);
        var first = new ReceivedMessage("alice", "BOB", "hi", MessageTransport.Smb, Source, DateTimeOffset.UtcNow);
        var second = new ReceivedMessage("alice", "BOB", "hi", MessageTransport.Smb, Source, DateTimeOffset.UtcNow);

        Assert.True(second.MessageId > first.MessageId);
        Assert.True(first.MessageId.Timestamp >= before);
        Assert.Equal(Priority.Normal, first.Priority);
        var sender = Assert.IsType<SenderIdentity.Classic>(first.Sender);
        Assert.Equal(("alice", Source), (sender.ClaimedName, sender.Address));
        Assert.False(first.Verified);
        Assert.Equal((null, null, null), (first.ExpiresAt, first.CorrelationKey, first.ReplyTo));
        Assert.Equal(first.MessageId, (first with { Id = 5 }).MessageId);
    }

    [Fact]
    public void A_native_sender_is_verified()
    {
        var message = new ReceivedMessage("bob", "ALICE", "hi", MessageTransport.Native, Source, DateTimeOffset.UtcNow)
        {
            Sender = new SenderIdentity.Native("P56IOI7-MZJNU2Y", "bob"),
        };
        Assert.True(message.Verified);
    }

    [Theory]
    [InlineData("low", nameof(Priority.Low))]
    [InlineData("normal", nameof(Priority.Normal))]
    [InlineData("HIGH", nameof(Priority.High))]
    [InlineData("Critical", nameof(Priority.Critical))]
    public void Priorities_parse_from_their_words(string text, string expected)
    {
        Assert.True(PriorityText.TryParse(text, out var priority));
        Assert.Equal(Enum.Parse<Priority>(expected), priority);
        Assert.Equal(text.ToLowerInvariant(), PriorityText.Format(priority));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("2")]
    [InlineData("urgent")]
    public void Anything_but_the_four_words_is_not_a_priority(string? text) => Assert.False(PriorityText.TryParse(text, out _));

    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("tab\there")]
    [InlineData("esc\u001b[2J")]
    [InlineData("r\u00e9sum\u00e9")]
    [InlineData("bidi\u202e")]
    public void A_correlation_key_with_anything_but_visible_ascii_is_refused(string key)
    {
        Assert.NotNull(CorrelationKey.Problem(key));
        Assert.Throws<ArgumentException>(() => new ReceivedMessage("a", "b", "c", MessageTransport.Native, Source, DateTimeOffset.UtcNow) { CorrelationKey = key });
    }

    [Fact]
    public void A_correlation_key_is_at_most_128_characters()
    {
        Assert.Null(CorrelationKey.Problem(new string('k', 128)));
        Assert.Null(CorrelationKey.Problem("disk-full:/var@host1"));
        Assert.NotNull(CorrelationKey.Problem(new string('k', 129)));
    }

    [Fact]
    public void Receipt_states_are_recorded_once_the_receivers_in_any_order_and_nothing_follows_expired_or_failed()
    {
        Assert.True(ReceiptStateText.Records([], ReceiptState.Queued));
        Assert.True(ReceiptStateText.Records([ReceiptState.Queued, ReceiptState.Sent], ReceiptState.Read)); // a lost receipt may be skipped
        Assert.True(ReceiptStateText.Records([ReceiptState.Sent, ReceiptState.Read], ReceiptState.Displayed)); // it came after read, on another stream
        Assert.True(ReceiptStateText.Records([ReceiptState.Sent, ReceiptState.Read], ReceiptState.Stored));
        Assert.False(ReceiptStateText.Records([ReceiptState.Stored], ReceiptState.Stored));
        Assert.False(ReceiptStateText.Records([ReceiptState.Stored], ReceiptState.Sent));
        Assert.True(ReceiptStateText.Records([ReceiptState.Sent], ReceiptState.Expired));
        Assert.False(ReceiptStateText.Records([ReceiptState.Stored], ReceiptState.Expired));
        Assert.False(ReceiptStateText.Records([ReceiptState.Expired], ReceiptState.Stored));
        Assert.False(ReceiptStateText.Records([ReceiptState.Failed], ReceiptState.Expired));
        Assert.Equal("displayed", ReceiptStateText.Format(ReceiptState.Displayed));
        Assert.True(ReceiptStateText.TryParse("expired", out var expired));
        Assert.Equal(ReceiptState.Expired, expired);
    }
}
