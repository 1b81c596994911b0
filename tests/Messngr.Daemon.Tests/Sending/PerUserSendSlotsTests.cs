using Messngr.Daemon.Sending;

namespace Messngr.Daemon.Tests.Sending;

/// <summary>Issue #15, review follow-up: the one per-uid cap of daemon-side sends under way.</summary>
public sealed class PerUserSendSlotsTests
{
    [Fact]
    public void A_uid_gets_up_to_the_cap_and_then_none_while_another_uid_still_gets_its_own()
    {
        var slots = new PerUserSendSlots(2);

        using var one = slots.TryEnter(1000);
        using var two = slots.TryEnter(1000);
        using var three = slots.TryEnter(1000);
        using var other = slots.TryEnter(2000);

        Assert.NotNull(one);
        Assert.NotNull(two);
        Assert.Null(three);
        Assert.NotNull(other);
        Assert.Equal((2, 1), (slots.Held(1000), slots.Held(2000)));
    }

    [Fact]
    public void A_slot_given_back_can_be_taken_again_and_a_second_dispose_gives_back_nothing_more()
    {
        var slots = new PerUserSendSlots(1);
        var first = slots.TryEnter(1000)!;
        using var second = slots.TryEnter(0);

        first.Dispose();
        first.Dispose();
        using var again = slots.TryEnter(1000);
        using var beyond = slots.TryEnter(1000);

        Assert.NotNull(again);
        Assert.Null(beyond);
        Assert.Equal((1, 1), (slots.Held(1000), slots.Held(0)));
    }

    [Fact]
    public void Slots_taken_and_given_back_from_many_threads_end_at_none_and_never_pass_the_cap()
    {
        var slots = new PerUserSendSlots(3);
        var most = 0;

        Parallel.For(0, 10_000, _ =>
        {
            using var slot = slots.TryEnter(1000);
            if (slot is not null)
            {
                var held = slots.Held(1000);
                int seen;
                while ((seen = Volatile.Read(ref most)) < held && Interlocked.CompareExchange(ref most, held, seen) != seen)
                {
                }
            }
        });

        Assert.InRange(most, 1, 3);
        Assert.Equal(0, slots.Held(1000));
    }

    [Fact]
    public void A_cap_below_one_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new PerUserSendSlots(0));
    }
}
