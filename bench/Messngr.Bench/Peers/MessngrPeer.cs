using Messngr.Bench.Harness;
using Microsoft.Data.Sqlite;

namespace Messngr.Bench.Peers;

/// <summary>
/// <c>messngr serve</c> under test: the Native-AOT binary <c>out/aot/messngr</c> when it exists,
/// otherwise the built <c>messngr.dll</c> through <c>dotnet</c> (the label says which). Rate limits
/// are lifted to their maximum (the bench is one source), terminals are off, and standard output
/// (one block per message) goes to a file. Stored = the highest row id in its SQLite store (rows are only added during a run), which it commits
/// before it gives any positive reply.
/// </summary>
public sealed class MessngrPeer : IPeer
{
    public const string Name = "MBMESSNGR";
    public const string Workgroup = "MBWGM";

    /// <summary>The bench is one source: without this, the per-source limit (100/s) would be measured.</summary>
    private static readonly string[] LiftedRateLimits = ["--rate-limit", "1000000", "--global-rate-limit", "1000000"];

    private readonly BenchProcess _process;
    private readonly string _database;

    private MessngrPeer(BenchHost host, BenchProcess process, string label, string stateDirectory, string name = Name)
    {
        NetBiosName = name;
        Host = host;
        _process = process;
        Label = label;
        StateDirectory = stateDirectory;
        _database = Path.Combine(stateDirectory, "messngr.db");
    }

    public PeerKind Kind => PeerKind.Messngr;

    public string Label { get; }

    public BenchHost Host { get; }

    public string NetBiosName { get; }

    public string StateDirectory { get; }

    /// <summary>The messngr command line: the AOT binary if published, else dotnet + dll; and its label.</summary>
    public static (IReadOnlyList<string> Command, string Label) Program(string repoRoot)
    {
        var aot = Path.Combine(repoRoot, "out", "aot", "messngr");
        if (File.Exists(aot))
        {
            return ([aot], "messngr (AOT)");
        }

        var dll = Path.Combine(repoRoot, "src", "Messngr.Cli", "bin", "Release", "net10.0", "messngr.dll");
        if (!File.Exists(dll))
        {
            throw new InvalidOperationException($"neither {aot} nor {dll} exists: build Release first (bench/run.sh does)");
        }

        return (["dotnet", dll], "messngr (JIT dll)");
    }

    /// <summary>
    /// Starts it in a new host <paramref name="role"/> (scenarios 5 and 6 want fresh ones). With
    /// <paramref name="liftRateLimits"/> false it keeps the default per-source and global limits. A
    /// second peer on the bridge needs its own <paramref name="name"/> (the first would defend it).
    /// <paramref name="prepareState"/> runs on the empty state directory before the start (scenarios
    /// 7 and 9 write the trust list there, as <c>messngr trust add</c> would). <paramref name="extraArguments"/>
    /// go after the others (scenario 8: <c>--no-discovery</c>, so 101 nodes do not verify each other's announcements;
    /// scenario 7: <c>--store-sync normal</c>). <paramref name="labelSuffix"/> is appended to the label (", store sync normal").
    /// </summary>
    internal static MessngrPeer Start(BenchLab lab, string role = "messngr", bool liftRateLimits = true, string name = Name, Action<string>? prepareState = null, IReadOnlyList<string>? extraArguments = null, string? stateDirectory = null, string labelSuffix = "")
    {
        var host = lab.AddHost(role);
        var state = stateDirectory ?? Path.Combine(lab.Directory, $"{role}-state");
        Directory.CreateDirectory(state);
        prepareState?.Invoke(state);
        var (program, programLabel) = Program(lab.Options.RepoRoot);
        var label = programLabel + labelSuffix;
        var process = lab.Start(host, [.. program, "serve", "--netbios-name", name, "--workgroup", Workgroup, "--no-tty",
            .. (liftRateLimits ? LiftedRateLimits : []),
            "--state-dir", state, "--config", "/dev/null", .. (extraArguments ?? [])],
            stdoutFile: Path.Combine(lab.Directory, $"{role}.stdout"));
        var peer = new MessngrPeer(host, process, label, state, name);
        try
        {
            if (!process.WaitUntil(() => process.Error.Contains($"registered {name}<03>", StringComparison.Ordinal), TimeSpan.FromSeconds(30)))
            {
                throw new TimeoutException($"messngr serve did not register {name}<03> within 30 s.\n{process.Describe()}");
            }

            if (process.Error.Contains(" is not running: ", StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"a listener of messngr serve could not start.\n{process.Describe()}");
            }
        }
        catch
        {
            peer.Dispose();
            throw;
        }

        return peer;
    }

    public long StoredCount()
    {
        if (!File.Exists(_database))
        {
            return 0;
        }

        using var connection = new SqliteConnection($"Data Source={_database};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT coalesce(max(id), 0) FROM messages";
        return (long)command.ExecuteScalar()!;
    }

    public string Describe() => _process.Describe();

    public void Dispose()
    {
        _process.Stop();
        _process.Dispose();
    }
}
