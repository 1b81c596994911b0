using Messngr.Cli.Control;
using Messngr.Daemon.Control;
using Microsoft.Extensions.Logging.Abstractions;

namespace Messngr.Daemon.Tests.Control;

/// <summary>A <see cref="ControlServer"/> on a temporary state directory with a <see cref="FakeDaemonControl"/>, and a client for it.</summary>
internal sealed class ControlServerFixture : IAsyncDisposable
{
    private ControlServerFixture(string stateDirectory, Messngr.Daemon.Core.DaemonLimits? limits = null)
    {
        StateDirectory = stateDirectory;
        Server = new ControlServer(Daemon, stateDirectory, NullLoggerFactory.Instance, limits);
        Client = new ControlClient(Server.SocketPath);
    }

    public string StateDirectory { get; }

    public FakeDaemonControl Daemon { get; } = new();

    public ControlServer Server { get; }

    public ControlClient Client { get; }

    public static async Task<ControlServerFixture> StartAsync(Messngr.Daemon.Core.DaemonLimits? limits = null)
    {
        var fixture = new ControlServerFixture(Directory.CreateTempSubdirectory("messngr-ctl-").FullName, limits);
        await fixture.Server.StartAsync(CancellationToken.None);
        return fixture;
    }

    /// <summary>The uid this test process runs as (root in CI), from /proc/self/status "Uid: real effective …".</summary>
    public static uint OwnUid()
    {
        var line = File.ReadLines("/proc/self/status").First(l => l.StartsWith("Uid:", StringComparison.Ordinal));
        return uint.Parse(line.Split('\t', StringSplitOptions.RemoveEmptyEntries)[2], System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>A command context that writes to strings and finds the daemon by --state-dir.</summary>
    public CommandContext Context(out StringWriter output, out StringWriter error)
    {
        output = new StringWriter();
        error = new StringWriter();
        return new CommandContext(output, error, new Dictionary<string, string>(), IsRoot: false) { Users = new UserNames(new Dictionary<uint, string> { [0] = "root" }) };
    }

    public string[] StateDirArgs(params string[] args) => [.. args, "--state-dir", StateDirectory];

    public static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not met within 10 s");
            await Task.Delay(10);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        Directory.Delete(StateDirectory, recursive: true);
    }
}
