using System.Globalization;
using Messngr.Bench.Harness;
using Messngr.Bench.Measure;
using Messngr.Bench.Peers;

namespace Messngr.Bench.Scenarios;

/// <summary>
/// Scenario 4, sending: one <c>messngr send NAME@ADDR text</c> end to end — process start to exit
/// after the receiver's positive reply — with the Native-AOT binary, against
/// <c>smbclient -M NAME -I ADDR -U x -N</c> to the same receiver and the process-start floor (a
/// C <c>int main(){return 0;}</c>). <c>NAME@ADDR</c> skips name resolution (no broadcast wait), as
/// <c>-I</c> does for smbclient. Both receivers are measured: messngr serve and smbd. Runs are
/// interleaved (one of each per round) so drift hits all alike. Rows: sender = peer kind
/// (messngr, Samba's smbclient, floor as "limit"); value = p50 in ms, lower is better.
/// </summary>
public sealed class SendScenario : IScenario
{
    public int Number => 4;

    public string Title => "send (process start → positive reply)";

    public Task<IReadOnlyList<ResultRow>> RunAsync(BenchLab lab, BenchOptions options, CancellationToken cancellationToken)
    {
        var runs = options.Smoke ? 3 : 30;
        var messngr = MessngrBinary(options.RepoRoot);
        var (floor, floorLabel) = Floor(options.RepoRoot);
        var clientConfig = SmbclientConfig(lab);
        var rows = new List<ResultRow>();
        foreach (var receiver in new IPeer[] { lab.Peers.Messngr, lab.Peers.Samba })
        {
            var floorTimes = new List<double>();
            var floorFailures = 0;
            var address = receiver.Host.Address;
            var name = receiver.NetBiosName;
            var senders = new (PeerKind Kind, string Label, Func<int, ProcessTimer.Run> Run)[]
            {
                (PeerKind.Messngr, "messngr send (AOT)", i => ProcessTimer.Time(lab, lab.Client, [messngr, "send", $"{name}@{address}", $"bench send {i}\n"])),
                (PeerKind.Samba, "smbclient -M", i => ProcessTimer.Time(lab, lab.Client, ["smbclient", "-s", clientConfig, "-M", name, "-I", address, "-U", "x", "-N"], $"bench send {i}\n")),
            };
            var times = senders.Select(_ => new List<double>()).ToArray();
            var failures = new int[senders.Length];
            var firstFailure = new string?[senders.Length];

            // One untimed round: page cache, smbd's first fork, the store's first pages.
            foreach (var sender in senders)
            {
                sender.Run(-1);
            }

            for (var i = 0; i < runs && !cancellationToken.IsCancellationRequested; i++)
            {
                for (var s = 0; s < senders.Length; s++)
                {
                    var run = senders[s].Run(i);
                    if (run.ExitCode == 0)
                    {
                        times[s].Add(run.Milliseconds);
                    }
                    else
                    {
                        failures[s]++;
                        firstFailure[s] ??= $"exit {run.ExitCode}: {run.Output}";
                    }
                }

                var floorRun = ProcessTimer.Time(lab, lab.Client, [floor]);
                if (floorRun.ExitCode == 0)
                {
                    floorTimes.Add(floorRun.Milliseconds);
                }
                else
                {
                    floorFailures++;
                }
            }

            for (var s = 0; s < senders.Length; s++)
            {
                rows.Add(Row($"to {receiver.Label}", senders[s].Kind, senders[s].Label, times[s], failures[s], firstFailure[s]));
            }

            rows.Add(Row($"to {receiver.Label}", PeerKind.Limit, floorLabel, floorTimes, floorFailures, null));
        }

        return Task.FromResult<IReadOnlyList<ResultRow>>(rows);
    }

    private ResultRow Row(string variant, PeerKind kind, string label, List<double> times, int failures, string? failure)
    {
        var p50 = Percentile(times, 50);
        var p99 = Percentile(times, 99);
        var note = string.Create(CultureInfo.InvariantCulture, $"{times.Count} runs ok, {failures} failed{(failure is null ? "" : $" ({Shorten(failure)})")}; value = p50 ms (lower is better)");
        return new ResultRow($"{Number} {Title}", variant, kind, label, p50?.TotalMilliseconds ?? 0, "ms p50", p50, p99, note) { Completed = times.Count };
    }

    internal static TimeSpan? Percentile(List<double> milliseconds, double percent)
    {
        if (milliseconds.Count == 0)
        {
            return null;
        }

        var sorted = milliseconds.Order().ToList();
        var index = Math.Clamp((int)Math.Ceiling(percent / 100 * sorted.Count) - 1, 0, sorted.Count - 1);
        return TimeSpan.FromMilliseconds(sorted[index]);
    }

    /// <summary>The Native-AOT messngr (bench/run.sh publishes it when missing): what users run.</summary>
    internal static string MessngrBinary(string repoRoot)
    {
        var aot = Path.Combine(repoRoot, "out", "aot", "messngr");
        return File.Exists(aot)
            ? aot
            : throw new InvalidOperationException($"{aot} is missing: run 'dotnet publish src/Messngr.Cli -r linux-x64 -c Release -o out/aot' (bench/run.sh does)");
    }

    /// <summary>bench/floor/floor.c built by run.sh into out/bench/floor; /bin/true when gcc was not there.</summary>
    private static (string Path, string Label) Floor(string repoRoot)
    {
        var floor = Path.Combine(repoRoot, "out", "bench", "floor");
        return File.Exists(floor) ? (floor, "process floor (C main)") : ("/bin/true", "process floor (/bin/true)");
    }

    /// <summary>A client smb.conf that keeps smbclient out of the machine's Samba state.</summary>
    private static string SmbclientConfig(BenchLab lab)
    {
        var directory = Path.Combine(lab.Directory, "smbclient");
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, "smb.conf");
        File.WriteAllText(path, $"""
            [global]
              netbios name = MBCLIENT
              workgroup = MBWGC
              interfaces = {lab.Client.AddressWithPrefix}
              bind interfaces only = yes
              private dir = {directory}
              lock directory = {directory}
              state directory = {directory}
              cache directory = {directory}
              log file = {directory}/log.%m
              log level = 0
            """);
        return path;
    }

    private static string Shorten(string text)
    {
        var line = text.ReplaceLineEndings(" ");
        return line.Length > 120 ? line[..120] + "…" : line;
    }
}
