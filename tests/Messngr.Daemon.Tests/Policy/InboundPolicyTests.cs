using System.Net;
using Messngr.Daemon.Policy;
using Microsoft.Extensions.Time.Testing;
using Messngr.Daemon.Core;

namespace Messngr.Daemon.Tests.Policy;

public class InboundPolicyTests
{
    private static IPAddress Ip(string s) => IPAddress.Parse(s);

    private static InboundPolicy Create(ListenerCounters counters, string[]? allow = null, string[]? deny = null, double perSource = 1000, double global = 100000, TimeProvider? time = null) =>
        new(allow?.Select(NetworkRange.Parse).ToList(), (deny ?? []).Select(NetworkRange.Parse).ToList(), new RateLimiter(perSource, global, time), counters,
            () => [NetworkRange.Parse("127.0.0.0/8"), NetworkRange.Parse("10.99.0.0/24")]);

    [Fact]
    public void By_default_only_loopback_and_directly_connected_networks_are_admitted()
    {
        var counters = new ListenerCounters();
        var policy = Create(counters);
        Assert.True(policy.Admit(Ip("127.0.0.1")));
        Assert.True(policy.Admit(Ip("10.99.0.13")));
        Assert.False(policy.Admit(Ip("10.98.0.10")));
        Assert.False(policy.Admit(Ip("8.8.8.8")));
        Assert.Equal(2, counters.RejectedByPolicy);
    }

    [Fact]
    public void An_allow_list_replaces_the_default_and_deny_always_wins()
    {
        var policy = Create(new ListenerCounters(), allow: ["10.98.0.0/16"], deny: ["10.98.5.5"]);
        Assert.True(policy.Admit(Ip("10.98.0.10")));
        Assert.False(policy.Admit(Ip("10.98.5.5")));
        Assert.False(policy.Admit(Ip("10.99.0.13")));
    }

    [Fact]
    public void A_flooding_source_is_limited_while_another_source_still_gets_through()
    {
        var time = new FakeTimeProvider();
        var counters = new ListenerCounters();
        var policy = Create(counters, perSource: 10, global: 1000, time: time);
        var flooder = 0;
        for (var i = 0; i < 1000; i++)
        {
            flooder += policy.Admit(Ip("10.99.0.50")) ? 1 : 0;
        }

        Assert.Equal(20, flooder); // the burst, then nothing
        Assert.True(policy.Admit(Ip("10.99.0.51")));
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(policy.Admit(Ip("10.99.0.50")));
        Assert.Equal(980, counters.RateLimited);
    }

    [Fact]
    public void Spoofed_sources_cannot_grow_the_table_beyond_its_bound()
    {
        var limiter = new RateLimiter(10, 1_000_000, maxSources: 4096);
        for (var i = 0; i < 4096 * 3; i++)
        {
            limiter.TryAcquire(new IPAddress(BitConverter.GetBytes(i + 1)), out _);
        }

        Assert.Equal(4096, limiter.TrackedSources);
    }

    [Fact]
    public void Each_listener_has_its_own_per_source_budget()
    {
        // A spoofed flood to UDP 137 in the name of 10.99.0.12 must not cost that host its TCP 139 budget.
        var time = new FakeTimeProvider();
        var counters = new ListenerCounters();
        var shared = Create(counters, perSource: 10, global: 100_000, time: time);
        var nameService = shared.ForListener();
        var session = shared.ForListener();
        for (var i = 0; i < 1000; i++)
        {
            nameService.Admit(Ip("10.99.0.12"));
        }

        Assert.False(nameService.Admit(Ip("10.99.0.12")));
        Assert.Equal(20, Enumerable.Range(0, 20).Count(_ => session.Admit(Ip("10.99.0.12"))));
    }

    [Fact]
    public void A_udp_flood_that_empties_its_global_budget_does_not_refuse_tcp()
    {
        // Hundreds of spoofed sources, each within its own rate, drain the UDP listener's global
        // bucket (burst 2 × 50); the session listener's budget is its own.
        var time = new FakeTimeProvider();
        var shared = Create(new ListenerCounters(), perSource: 100, global: 50, time: time);
        var udp = shared.ForListener();
        var tcp = shared.ForListener();
        for (var host = 20; host < 250; host++)
        {
            for (var i = 0; i < 5; i++)
            {
                udp.Admit(Ip($"10.99.0.{host}"));
            }
        }

        Assert.False(udp.Admit(Ip("10.99.0.12"))); // a real UDP sender now waits for the refill: UDP cannot tell it from the spoofed ones
        Assert.True(tcp.Admit(Ip("10.99.0.12")));
        Assert.True(tcp.Admit(Ip("10.99.0.13")));
    }

    [Theory]
    [InlineData("10.0.0.0/33")]
    [InlineData("banana")]
    [InlineData("::1/128")]
    public void Bad_ranges_are_refused(string text) => Assert.Throws<ArgumentException>(() => NetworkRange.Parse(text));
}
