namespace Messngr.Bench;

/// <summary>
/// What one bench run does. Every load is bounded twice, by a count and by <see cref="MaxLoadTime"/>,
/// and stops by itself at whichever comes first.
/// </summary>
public sealed record BenchOptions
{
    /// <summary>The repository root (for the built messngr and the bench's own dll).</summary>
    public required string RepoRoot { get; init; }

    /// <summary>Seconds-long run with tiny counts that only proves the harness works.</summary>
    public bool Smoke { get; init; }

    /// <summary>Scenario numbers to run; empty = all registered ones.</summary>
    public IReadOnlySet<int> Scenarios { get; init; } = new HashSet<int>();

    /// <summary>Random part of every namespace name of this run (run.sh passes it so its trap can clean up).</summary>
    public string Suffix { get; init; } = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(2));

    /// <summary>Where the Markdown table goes (besides standard output).</summary>
    public string ResultsPath { get; init; } = string.Empty;

    /// <summary>Upper bound of one measured load (one peer, one variant).</summary>
    public TimeSpan MaxLoadTime => Smoke ? TimeSpan.FromSeconds(1) : TimeSpan.FromSeconds(3);

    /// <summary>Measured runs per load; the row shows the median by throughput (<see cref="Harness.Repeat"/>).</summary>
    public int Repeats { get; init; } = 3;

    /// <summary>Untimed warm-up before each measured load (JIT tiers, caches, the store's first pages).</summary>
    public TimeSpan WarmupTime => Smoke ? TimeSpan.FromMilliseconds(50) : TimeSpan.FromSeconds(1);

    /// <summary>Most NBNS queries of one measured load.</summary>
    public int NameQueries => Smoke ? 200 : 300_000;

    /// <summary>Most SMB messages of one measured load.</summary>
    public int SmbMessages => Smoke ? 20 : 30_000;

    /// <summary>Most datagrams (mailslot or RPC calls) of one measured load.</summary>
    public int Datagrams => Smoke ? 100 : 60_000;

    /// <summary>Most native sends (or JetStream publishes) of one measured load (scenario 7).</summary>
    public int NativeMessages => Smoke ? 20 : 30_000;

    /// <summary>Idle native connections held open to the receiver in scenario 9 (issue #13: 200 peers).</summary>
    public int IdleNativeConnections => Smoke ? 16 : 200;

    /// <summary>
    /// How long a reply may take before it counts as lost (and its window slot is freed). Generous
    /// in the smoke run: it must never fail because a shared machine is slow, only when the harness breaks.
    /// </summary>
    public TimeSpan ReplyTimeout => Smoke ? TimeSpan.FromSeconds(5) : TimeSpan.FromSeconds(2);

    /// <summary>Whether scenario <paramref name="number"/> is selected.</summary>
    public bool Runs(int number) => Scenarios.Count == 0 || Scenarios.Contains(number);
}
