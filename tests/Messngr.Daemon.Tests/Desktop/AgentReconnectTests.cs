using Messngr.Cli.Commands;
using Messngr.Cli.Control;
using Messngr.Daemon.Control;
using Messngr.Daemon.Tests.Control;
using Microsoft.Extensions.Logging.Abstractions;

namespace Messngr.Daemon.Tests.Desktop;

/// <summary>
/// Issue #14, item 1: <c>messngr agent</c> outlives its daemon: when the daemon stops it says so
/// once and tries again (1 s, doubling to 30 s); when a daemon answers on the socket again it says
/// so and shows that daemon's messages.
/// </summary>
public sealed class AgentReconnectTests
{
    [Fact]
    public async Task The_agent_says_an_outage_once_reconnects_when_the_daemon_is_back_and_shows_its_messages()
    {
        var directory = Directory.CreateTempSubdirectory("messngr-agent-").FullName;
        try
        {
            var daemon = new FakeDaemonControl();
            var first = new ControlServer(daemon, directory, NullLoggerFactory.Instance);
            await first.StartAsync(CancellationToken.None);
            var output = new SharedWriter();
            var error = new SharedWriter();
            var context = new CommandContext(output, error, new Dictionary<string, string>(), IsRoot: false);
            using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(3));
            var run = Task.Run(() => AgentCommand.RunAsync(["--state-dir", directory], context, stop.Token));
            await Eventually(() => daemon.ReadEvents.Count == 1);

            await first.DisposeAsync(); // the daemon stops
            await Eventually(() => error.Text.Contains("trying again", StringComparison.Ordinal));
            await using var second = new ControlServer(daemon, directory, NullLoggerFactory.Instance);
            await second.StartAsync(CancellationToken.None);
            await Eventually(() => error.Text.Contains("again\n", StringComparison.Ordinal) && daemon.ReadEvents.Count == 1);
            daemon.Publish(FakeDaemonControl.Message(7, "ALICE", "HOSTB", "after the restart"));
            await Eventually(() => output.Text.Contains("after the restart", StringComparison.Ordinal));
            await stop.CancelAsync();

            Assert.Equal(0, await run.WaitAsync(TimeSpan.FromSeconds(30)));
            var lines = error.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Single(lines, l => l.Contains("trying again after 1 s, then up to every 30 s", StringComparison.Ordinal));
            Assert.Single(lines, l => l.StartsWith("messngr agent: connected to the daemon on ", StringComparison.Ordinal) && l.EndsWith(" again", StringComparison.Ordinal));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static async Task Eventually(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not met within 60 s");
            await Task.Delay(20);
        }
    }
}
