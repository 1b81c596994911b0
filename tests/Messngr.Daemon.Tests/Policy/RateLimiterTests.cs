using System.Net;
using Messngr.Daemon.Policy;
using Microsoft.Extensions.Time.Testing;

namespace Messngr.Daemon.Tests.Policy;

/// <summary>
/// The source table of the rate limiter under a flood of spoofed addresses (issue #10 item 9):
/// forgetting a source must never hand it, or an address cycled through the table, a fresh burst.
/// Time stands still (FakeTimeProvider) unless a test advances it.
/// </summary>
public class RateLimiterTests
{
    private static uint Address(int n) => 0x0A630000u + (uint)n; // 10.99.x.y

    private static int Send(RateLimiter limiter, uint source, int packets) =>
        Enumerable.Range(0, packets).Count(i => limiter.TryAcquire(source, out _));

    [Fact]
    public void Cycling_more_sources_than_the_table_holds_never_gives_a_fresh_burst()
    {
        // 4 tracked sources, burst 20 each: 100 addresses sending 30 packets each, five rounds.
        var limiter = new RateLimiter(10, 1_000_000, new FakeTimeProvider(), maxSources: 4);
        var admitted = 0;
        for (var round = 0; round < 5; round++)
        {
            for (var n = 1; n <= 100; n++)
            {
                admitted += Send(limiter, Address(n), 30);
            }
        }

        // The four tracked sources' bursts plus one shared overflow burst; not 20 per address per round.
        Assert.Equal((4 * 20) + 20, admitted);
        Assert.Equal(4, limiter.TrackedSources);
    }

    [Fact]
    public void A_drained_source_is_not_refilled_by_a_flood_pushing_it_out_of_the_table()
    {
        var limiter = new RateLimiter(10, 1_000_000, new FakeTimeProvider(), maxSources: 4);
        var victim = Address(12);
        Assert.Equal(20, Send(limiter, victim, 100));
        for (var n = 100; n < 1100; n++)
        {
            Send(limiter, Address(n), 5);
        }

        Assert.Equal(0, Send(limiter, victim, 10));
    }

    [Fact]
    public void A_source_whose_bucket_refilled_makes_room_for_a_new_one()
    {
        var time = new FakeTimeProvider();
        var limiter = new RateLimiter(10, 1_000_000, time, maxSources: 2);
        Send(limiter, Address(1), 20);
        Send(limiter, Address(2), 20);
        Assert.Equal(20, Send(limiter, Address(3), 30)); // the table is busy: the overflow bucket
        Assert.Equal(0, Send(limiter, Address(4), 30)); // shared, so the next newcomer finds it empty

        time.Advance(TimeSpan.FromSeconds(2)); // full buckets again: forgetting one gives nothing away
        Assert.Equal(20, Send(limiter, Address(5), 30));
        Assert.Equal(2, limiter.TrackedSources);
        Assert.Equal(20, Send(limiter, Address(6), 30));
    }

    [Fact]
    public void A_listeners_limiter_starts_empty_with_the_same_limits()
    {
        var limiter = new RateLimiter(10, 1_000_000, new FakeTimeProvider(), maxSources: 4);
        Assert.Equal(20, Send(limiter, Address(1), 30));
        var other = limiter.WithSameLimits();
        Assert.Equal(0, other.TrackedSources);
        Assert.Equal(20, Send(other, Address(1), 30));
        Assert.True(other.TryAcquire(IPAddress.Parse("10.99.0.13"), out _));
    }
}
