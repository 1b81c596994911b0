using System.Net;
using Messngr.Daemon.Core;
using Messngr.Daemon.Native;
using Messngr.Daemon.Tests.Hosting;
using Messngr.Daemon.Tests.Users;
using Microsoft.Extensions.Time.Testing;

namespace Messngr.Daemon.Tests.Native;

/// <summary>The outbox's small rules (issue #13, item 7): recipients, back-off, when a wait ends, and the announcements that wake it.</summary>
public sealed class OutboxRulesTests
{
    [Theory]
    [InlineData("BOB", "BOB", null, 2426)]
    [InlineData("bob@10.0.0.5", "bob", "10.0.0.5", 2426)]
    [InlineData("BOB@10.0.0.5:2500", "BOB", "10.0.0.5", 2500)]
    [InlineData("BOB@[fe80::1]", "BOB", "fe80::1", 2426)]
    [InlineData("BOB@[::1]:2427", "BOB", "::1", 2427)]
    [InlineData("BOB@far.example:9", "BOB", "far.example", 9)]
    public void A_recipient_is_NAME_or_NAME_at_HOST_with_an_optional_port(string recipient, string name, string? host, int port)
    {
        var target = OutboxTarget.Parse(recipient, out var problem);
        Assert.Null(problem);
        Assert.Equal(new OutboxTarget(name, host, (ushort)port), target);
    }

    [Theory]
    [InlineData("@10.0.0.5")]
    [InlineData("BOB@")]
    [InlineData("BOB@10.0.0.5:0")]
    [InlineData("BOB@10.0.0.5:70000")]
    [InlineData("BOB@[::1")]
    [InlineData("BOB@[10.0.0.5]")]
    [InlineData("BOB@fe80::1")]
    [InlineData("BOB@a b")]
    public void A_recipient_that_names_no_node_is_refused_with_the_reason(string recipient)
    {
        Assert.Null(OutboxTarget.Parse(recipient, out var problem));
        Assert.Contains(recipient, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Back_off_starts_at_a_second_doubles_and_stops_at_five_minutes_within_20_percent()
    {
        var limits = DaemonLimits.Default;
        Assert.Equal([1, 2, 4, 8, 16, 32, 64, 128, 256, 300, 300], Enumerable.Range(1, 11).Select(n => OutboxBackoff.Delay(n, limits, 0.5).TotalSeconds));
        Assert.Equal(0.8, OutboxBackoff.Delay(1, limits, 0).TotalSeconds, 6);
        Assert.Equal(360, OutboxBackoff.Delay(40, limits, 1).TotalSeconds, 6);
    }

    [Theory]
    [InlineData("Queued,Sent", "Stored", false)]
    [InlineData("Queued,Sent,Stored", "Stored", true)]
    [InlineData("Queued,Read", "Displayed", true)]
    [InlineData("Queued,Stored", "Read", false)]
    [InlineData("Queued,Expired", "Stored", true)]
    [InlineData("Queued,Failed", "Read", true)]
    public void A_wait_ends_at_the_state_or_beyond_or_when_the_message_ended(string states, string wanted, bool reached)
    {
        var id = MessageId.New();
        var receipts = states.Split(',').Select(s => new Receipt(id, Enum.Parse<ReceiptState>(s), DateTimeOffset.UtcNow)).ToList();
        Assert.Equal(reached, OutboxDispatcher.Reached(receipts, Enum.Parse<ReceiptState>(wanted)));
    }

    [Fact]
    public void The_peer_table_tells_of_a_new_node_and_of_a_changed_address_but_not_of_a_repeated_announcement()
    {
        using var directory = new TempDirectory();
        var trust = TrustStore.Open(directory.Path);
        var table = new PeerTable(16, trust, [], new FakeTimeProvider(DateTimeOffset.UtcNow), new CapturingLogger());
        var heard = new List<(NodeId Id, string Names)>();
        table.NodeAnnounced += (id, names) => heard.Add((id, string.Join(",", names)));
        using var certificate = TlsTestCertificates.Create("bob-node");
        var bob = NodeId.FromCertificate(certificate);

        table.Announced(bob, ["bob"], IPAddress.Parse("10.0.0.5"), 2426);
        table.Announced(bob, ["bob"], IPAddress.Parse("10.0.0.5"), 2426);
        table.Announced(bob, ["bob"], IPAddress.Parse("10.0.0.6"), 2426);

        Assert.Equal([(bob, "BOB"), (bob, "BOB")], heard);
    }
}
