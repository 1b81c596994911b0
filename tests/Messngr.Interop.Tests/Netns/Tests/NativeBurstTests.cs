namespace Messngr.Interop.Tests.Netns.Tests;

/// <summary>
/// Issue #13, "Tests that must exist and pass": <c>kill -9</c> of the receiving node in the middle
/// of a burst of 1,000 native messages. A (HOSTA) sends them as fast as its control socket takes
/// them (peers/native_burst.py: 16 concurrent <c>POST /v1/send</c>); C (HOSTC) is SIGKILLed once
/// it has shown some, then started again on the same state directory (first with its native
/// listener off, to read what it has before anything more can arrive, then on). A message is answered
/// <i>stored</i> only after it is committed at C (docs/native-protocol.md §5.4), the outbox keeps
/// everything else and retries it (README "Store-and-forward"), and C drops a repeat of a
/// (sending node, message id) it has (dedupe): so every message A saw stored is in C's history,
/// once, and every other one arrives later, once.
/// </summary>
[Collection(LabCollection.Name)]
public sealed class NativeBurstTests
{
    private const int Count = 1000;
    // Generous: a message retried for a while waits up to the outbox's longest back-off (5 min ± 20 %).
    private static readonly TimeSpan SafetyNet = TimeSpan.FromSeconds(600);
    private readonly Lab _lab;

    public NativeBurstTests(Lab lab) => _lab = lab;

    [Fact]
    public void A_receiver_killed_mid_burst_gets_every_message_exactly_once_after_its_restart()
    {
        using var a = NativeLabNodes.Start(_lab, _lab.HostA, "BURSTA");
        var c = NativeLabNodes.Start(_lab, _lab.HostC, "BURSTC");
        NativeLabNodes.TrustEachOther(_lab, a, "BURSTA", c, "BURSTC");
        var prefix = Unique.Text("burst");

        var burst = _lab.StartProcess(
            _lab.HostA,
            "/usr/bin/python3", Lab.PeerScript("native_burst.py"),
            Path.Combine(a.StateDirectory, "control.sock"), $"BURSTC@{_lab.HostC.Address}", Count.ToString(System.Globalization.CultureInfo.InvariantCulture), "16", prefix);

        // The middle of the burst: C has shown some of the messages (not all: checked below).
        var deadline = DateTime.UtcNow + SafetyNet;
        while (Shown(c, prefix) < 50 && !burst.HasExited && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(50);
        }

        c.Kill();
        c.Dispose();
        var storedAtKill = Stored(NativeLabNodes.SentStates(_lab, a));

        // Every answer came: stored, or queued for a later attempt (C gone); never an error.
        NativeLabNodes.WaitFor(() => burst.HasExited, SafetyNet, burst.Describe);
        Assert.True(burst.Stop() == 0, burst.Describe());
        var answers = burst.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(Count, answers.Length);
        Assert.All(answers, line => Assert.Matches("^[0-9]+ 200 ", line));

        var sent = NativeLabNodes.SentStates(_lab, a);
        Assert.Equal(Count, sent.Count);
        var storedBeforeRestart = Stored(sent);
        Assert.True(storedBeforeRestart.Count < Count, $"the burst ended before C was killed ({storedBeforeRestart.Count} stored): nothing was left to forward");
        Assert.Superset(storedAtKill, storedBeforeRestart);

        // Whatever A saw stored is on C's disk, once: read with C up but its native listener off
        // (native port 0), so that A cannot forward anything yet.
        using (var offline = NativeLabNodes.Restart(_lab, c, "--native-port", "0"))
        {
            AssertOnceEach(storedBeforeRestart, NativeLabNodes.HistoryIds(_lab, offline), "before C could take the rest");
            Assert.Equal(0, offline.Stop());
        }

        // C again, same state directory: the outbox forwards the rest, and nothing twice.
        using var c2 = NativeLabNodes.Restart(_lab, c);
        NativeLabNodes.WaitFor(
            () => Stored(NativeLabNodes.SentStates(_lab, a)).Count == Count,
            SafetyNet,
            () => $"{Stored(NativeLabNodes.SentStates(_lab, a)).Count} of {Count} stored at A\n{a.Log}");
        var final = NativeLabNodes.HistoryIds(_lab, c2);
        AssertOnceEach([.. sent.Keys], final, "after C's restart");
        Assert.Equal(Count, final.Count);
    }

    private static int Shown(NetnsServe serve, string prefix) => serve.Messages.Count(m => m.Text.StartsWith(prefix, StringComparison.Ordinal));

    private static HashSet<string> Stored(Dictionary<string, string> states) =>
        [.. states.Where(s => s.Value is "stored" or "displayed" or "read").Select(s => s.Key)];

    private static void AssertOnceEach(IEnumerable<string> ids, List<string> history, string when)
    {
        var counts = history.GroupBy(id => id).ToDictionary(g => g.Key, g => g.Count());
        var missing = ids.Where(id => !counts.ContainsKey(id)).ToList();
        var twice = counts.Where(c => c.Value > 1).Select(c => c.Key).ToList();
        Assert.True(missing.Count == 0, $"{when}: {missing.Count} message(s) A saw stored are not in C's history, e.g. {string.Join(", ", missing.Take(5))}");
        Assert.True(twice.Count == 0, $"{when}: {twice.Count} message(s) are in C's history more than once, e.g. {string.Join(", ", twice.Take(5))}");
    }
}
