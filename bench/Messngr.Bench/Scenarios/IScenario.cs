using Messngr.Bench.Harness;

namespace Messngr.Bench.Scenarios;

/// <summary>
/// One numbered scenario of issue #6. It takes the peers it needs from <see cref="BenchLab.Peers"/>,
/// drives bounded loads from <see cref="BenchLab.Client"/> and returns one row per variant and peer.
/// It must stop by itself within its bounds and must not assert on speed.
/// </summary>
public interface IScenario
{
    /// <summary>The scenario number (1–6).</summary>
    int Number { get; }

    string Title { get; }

    Task<IReadOnlyList<ResultRow>> RunAsync(BenchLab lab, BenchOptions options, CancellationToken cancellationToken);
}
