using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Messngr.Bench;
using Messngr.Bench.Harness;
using Messngr.Bench.Limit;
using Messngr.Bench.Scenarios;

// bench/run.sh runs this as root:  Messngr.Bench [--smoke] [--scenario 1,2] [--suffix S] [--repo DIR] [--results FILE]
// and the limit peer runs as:      Messngr.Bench limit --address A --name N --store FILE
if (args.Length > 0 && args[0] == "limit")
{
    return LimitServer.Run(args);
}

// Scenario 7's native limit runs as:  Messngr.Bench native-limit --address A --state DIR --store FILE
if (args.Length > 0 && args[0] == "native-limit")
{
    return NativeLimitServer.Run(args);
}

string? Arg(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
var repo = Arg("--repo") ?? Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", ".."));
var options = new BenchOptions
{
    RepoRoot = repo,
    Smoke = args.Contains("--smoke"),
    Scenarios = (Arg("--scenario") ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries).Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToHashSet(),
    ResultsPath = Arg("--results") ?? Path.Combine(repo, "bench", "results", args.Contains("--smoke") ? "smoke.md" : "latest.md"),
};
options = options with { Repeats = options.Smoke ? 1 : int.Parse(Arg("--repeat") ?? "3", CultureInfo.InvariantCulture) };
if (Arg("--suffix") is { } suffix)
{
    options = options with { Suffix = suffix };
}

// Every IScenario in this assembly, by number (scenarios 4–6 live in their own files and are found the same way).
var scenarios = typeof(IScenario).Assembly.GetTypes()
    .Where(t => typeof(IScenario).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false })
    .Select(t => (IScenario)Activator.CreateInstance(t)!)
    .Where(s => options.Runs(s.Number))
    .OrderBy(s => s.Number)
    .ToList();

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
{
    context.Cancel = true;
    stop.Cancel();
});

var rows = new List<ResultRow>();
var started = DateTime.UtcNow;
var loadBefore = LoadAverage();
var broken = new List<string>();
try
{
    using var measuring = options.Smoke ? null : MeasurementLock.Acquire(TimeSpan.FromMinutes(10), stop.Token);
    using var lab = BenchLab.Create(options);
    if (BenchJanitor.LiveRuns(lab.Suffix) is { Count: > 0 } others)
    {
        Console.Error.WriteLine($"bench: warning: other bench runs are alive ({string.Join(", ", others)}); the machine is shared, numbers will be low");
    }

    foreach (var scenario in scenarios)
    {
        Console.Error.WriteLine($"bench: scenario {scenario.Number}: {scenario.Title}");
        try
        {
            var result = await scenario.RunAsync(lab, options, stop.Token);
            rows.AddRange(result);
            broken.AddRange(result.Where(r => r.Completed == 0).Select(r => $"scenario {scenario.Number} / {r.Variant} / {r.PeerLabel}: nothing completed"));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            broken.Add($"scenario {scenario.Number} failed: {ex}");
        }
    }
}
catch (OperationCanceledException)
{
    broken.Add("interrupted");
}
catch (Exception ex)
{
    broken.Add($"the bench could not run: {ex}");
}

var table = TablePrinter.Render(rows);
// The run's own options and their numbers; not run.sh's --suffix, whose random value may be all digits.
var command = $"bench/run.sh {string.Join(' ', args.Where((a, i) => (i == 0 || args[i - 1] != "--suffix") && (a is "--smoke" or "--scenario" or "--repeat" || a.All(c => char.IsDigit(c) || c == ','))))}".TrimEnd();
var header = new StringBuilder()
    .AppendLine(CultureInfo.InvariantCulture, $"Bench run {started:yyyy-MM-dd HH:mm} UTC, {(DateTime.UtcNow - started).TotalSeconds:0} s, {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, .NET {Environment.Version}")
    .AppendLine(CultureInfo.InvariantCulture, $"Command: {command}; load average (1 min) before {loadBefore}, after {LoadAverage()}; each row the median of {options.Repeats} run(s)")
    .AppendLine();
Console.WriteLine(header.ToString() + table);
try
{
    if (stop.IsCancellationRequested)
    {
        throw new IOException("interrupted: the partial table is not kept");
    }

    Directory.CreateDirectory(Path.GetDirectoryName(options.ResultsPath)!);
    await File.WriteAllTextAsync(options.ResultsPath, header.ToString() + table);
}
catch (IOException ex)
{
    Console.Error.WriteLine($"bench: could not write {options.ResultsPath}: {ex.Message}");
}

foreach (var problem in broken)
{
    Console.Error.WriteLine($"bench: BROKEN: {problem}");
}

return broken.Count == 0 && rows.Count > 0 ? 0 : 1;

static string LoadAverage()
{
    try
    {
        return File.ReadAllText("/proc/loadavg").Split(' ')[0];
    }
    catch (IOException)
    {
        return "?";
    }
}
