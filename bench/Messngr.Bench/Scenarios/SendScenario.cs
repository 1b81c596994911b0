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
/// Issue #15, item 8: also <c>messngr-send</c> (the one-shot client for scripts) as scripts run it,
/// on a host whose messngr daemon runs (a second <c>messngr serve</c> in its own namespace: the
/// message goes through that daemon), and on a host without one (it then runs <c>messngr send</c>);
/// a C# Native-AOT hello as a second floor, each program's page faults, and the messngr senders'
/// ratio to the floors.
/// </summary>
public sealed class SendScenario : IScenario
{
    public int Number => 4;

    public string Title => "send (process start → positive reply)";

    public Task<IReadOnlyList<ResultRow>> RunAsync(BenchLab lab, BenchOptions options, CancellationToken cancellationToken)
    {
        var runs = options.Smoke ? 3 : 30;
        var messngr = MessngrBinary(options.RepoRoot);
        var oneShot = OneShotBinary(options.RepoRoot);
        var (floor, floorLabel) = Floor(options.RepoRoot);
        var hello = Path.Combine(options.RepoRoot, "out", "bench", "hello-aot", "hello");
        var clientConfig = SmbclientConfig(lab);
        var rows = new List<ResultRow>();
        // The host a script runs on: messngr installed and its daemon running; messngr-send hands it the message.
        using var local = MessngrPeer.Start(lab, "s4-sender", name: "MBS4SENDER", extraArguments: ["--no-discovery"]);
        var viaDaemon = new Dictionary<string, string> { ["MESSNGR_STATE_DIR"] = local.StateDirectory };
        foreach (var receiver in new IPeer[] { lab.Peers.Messngr, lab.Peers.Samba })
        {
            var address = receiver.Host.Address;
            var name = receiver.NetBiosName;
            var senders = new List<(PeerKind Kind, string Label, Func<int, ProcessTimer.Run> Run)>
            {
                (PeerKind.Messngr, MessngrLabel, i => ProcessTimer.Time(lab, lab.Client, [messngr, "send", $"{name}@{address}", $"bench send {i}\n"])),
                (PeerKind.Messngr, OneShotLabel, i => ProcessTimer.Time(lab, local.Host, [oneShot, $"{name}@{address}", $"bench send {i}\n"], environment: viaDaemon)),
                // no daemon on the client: messngr-send runs messngr send in its place (issue #15, item 8)
                (PeerKind.Messngr, NoDaemonLabel, i => ProcessTimer.Time(lab, lab.Client, [oneShot, $"{name}@{address}", $"bench send {i}\n"])),
                // an integration as its caller starts it (a Zabbix/Nagios media script): TO SUBJECT MESSAGE
                (PeerKind.Messngr, IntegrationLabel, i => ProcessTimer.Time(lab, lab.Client, [messngr, "media-script", $"{name}@{address}", "PROBLEM: bench", $"bench send {i}"])),
                (PeerKind.Messngr, OneShotIntegrationLabel, i => ProcessTimer.Time(lab, local.Host, [oneShot, "--media-script", $"{name}@{address}", "PROBLEM: bench", $"bench send {i}"], environment: viaDaemon)),
                (PeerKind.Samba, "smbclient -M", i => ProcessTimer.Time(lab, lab.Client, ["smbclient", "-s", clientConfig, "-M", name, "-I", address, "-U", "x", "-N"], $"bench send {i}\n")),
                // the first Limit row is the reference of the "vs limit" column: the C floor
                (PeerKind.Limit, floorLabel, _ => ProcessTimer.Time(lab, lab.Client, [floor])),
            };
            if (File.Exists(hello))
            {
                senders.Add((PeerKind.Limit, HelloLabel, _ => ProcessTimer.Time(lab, lab.Client, [hello])));
            }

            var times = senders.Select(_ => new List<double>()).ToArray();
            var faults = senders.Select(_ => new List<double>()).ToArray();
            var failures = new int[senders.Count];
            var firstFailure = new string?[senders.Count];

            // One untimed round: page cache, smbd's first fork, the store's first pages.
            foreach (var sender in senders)
            {
                sender.Run(-1);
            }

            // Interleaved: one run of every program per round, so drift hits all alike.
            for (var i = 0; i < runs && !cancellationToken.IsCancellationRequested; i++)
            {
                for (var s = 0; s < senders.Count; s++)
                {
                    var run = senders[s].Run(i);
                    if (run.ExitCode == 0)
                    {
                        times[s].Add(run.Milliseconds);
                        if (run.PageFaults >= 0)
                        {
                            faults[s].Add(run.PageFaults);
                        }
                    }
                    else
                    {
                        failures[s]++;
                        firstFailure[s] ??= $"exit {run.ExitCode}: {run.Output}";
                    }
                }
            }

            var cFloor = Percentile(times[senders.FindIndex(x => x.Label == floorLabel)], 50);
            var csFloor = senders.FindIndex(x => x.Label == HelloLabel) is var h and >= 0 ? Percentile(times[h], 50) : null;
            for (var s = 0; s < senders.Count; s++)
            {
                var ratios = senders[s].Label is OneShotLabel or MessngrLabel or NoDaemonLabel or IntegrationLabel or OneShotIntegrationLabel
                    ? FloorRatios(Percentile(times[s], 50), cFloor, csFloor, senders[s].Label is OneShotLabel or OneShotIntegrationLabel)
                    : null;
                rows.Add(Row($"to {receiver.Label}", senders[s].Kind, senders[s].Label, times[s], faults[s], failures[s], firstFailure[s], ratios));
            }
        }

        return Task.FromResult<IReadOnlyList<ResultRow>>(rows);
    }

    private const string MessngrLabel = "messngr send (AOT)";

    /// <summary>The one-shot client for scripts (issue #15, item 8), on a host whose daemon runs.</summary>
    private const string OneShotLabel = "messngr-send (AOT) via the local daemon";

    /// <summary>messngr-send on a host without a daemon: it runs <c>messngr send</c>.</summary>
    private const string NoDaemonLabel = "messngr-send (AOT), no local daemon";

    /// <summary>An integration command (issue #15, item 4) in the full messngr.</summary>
    private const string IntegrationLabel = "messngr media-script (AOT)";

    /// <summary>The same integration through messngr-send and the local daemon, which maps it (issue #15, item 8).</summary>
    private const string OneShotIntegrationLabel = "messngr-send --media-script (AOT) via the local daemon";

    /// <summary>The C# process floor: a Native-AOT hello (bench/floor/hello, published by run.sh).</summary>
    private const string HelloLabel = "process floor (C# AOT hello)";

    /// <summary>"÷ C floor N× (target ≤ 4×: met|missed), ÷ C# AOT floor M×" for a sender's p50.</summary>
    private static string? FloorRatios(TimeSpan? value, TimeSpan? cFloor, TimeSpan? csFloor, bool target)
    {
        if (value is null || cFloor is not { Ticks: > 0 })
        {
            return null;
        }

        var ratio = value.Value / cFloor.Value;
        var text = string.Create(CultureInfo.InvariantCulture, $"÷ C floor {ratio:0.0}×");
        if (target)
        {
            text += ratio <= 4 ? " (target ≤ 4×: met)" : " (target ≤ 4×: missed)";
        }

        return csFloor is { Ticks: > 0 } cs ? text + string.Create(CultureInfo.InvariantCulture, $", ÷ C# AOT floor {value.Value / cs:0.0}×") : text;
    }

    private ResultRow Row(string variant, PeerKind kind, string label, List<double> times, List<double> faults, int failures, string? failure, string? ratios)
    {
        var p50 = Percentile(times, 50);
        var p99 = Percentile(times, 99);
        var faultText = faults.Count > 0 ? string.Create(CultureInfo.InvariantCulture, $"; page faults p50 {faults.Order().ElementAt((faults.Count - 1) / 2):0}") : string.Empty;
        var note = string.Create(CultureInfo.InvariantCulture, $"{times.Count} runs ok, {failures} failed{(failure is null ? "" : $" ({Shorten(failure)})")}{faultText}{(ratios is null ? "" : $"; {ratios}")}; value = p50 ms (lower is better)");
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

    /// <summary>messngr-send, the one-shot client for scripts (issue #15, item 8): bench/run.sh publishes it beside messngr.</summary>
    internal static string OneShotBinary(string repoRoot)
    {
        var aot = Path.Combine(repoRoot, "out", "aot", "messngr-send");
        return File.Exists(aot)
            ? aot
            : throw new InvalidOperationException($"{aot} is missing: run 'src/messngr-send/build.sh out/aot' (bench/run.sh does)");
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
