using Messngr.Bench.Peers;

namespace Messngr.Bench.Harness;

/// <summary>
/// One line of the table: one scenario variant against one peer. <see cref="Throughput"/> is in
/// <see cref="Unit"/> (answers/s, messages/s); latencies are null where the protocol has no reply.
/// <see cref="Note"/> says what else was seen (losses, counts in the store, the peer's binary).
/// </summary>
public sealed record ResultRow(
    string Scenario,
    string Variant,
    PeerKind Peer,
    string PeerLabel,
    double Throughput,
    string Unit,
    TimeSpan? P50,
    TimeSpan? P99,
    string Note = "")
{
    /// <summary>Operations that completed correctly (the harness fails a run whose rows all have 0).</summary>
    public long Completed { get; init; }
}
