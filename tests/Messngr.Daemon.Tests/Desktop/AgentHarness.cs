using Messngr.Cli.Commands;
using Messngr.Daemon.Tests.Control;

namespace Messngr.Daemon.Tests.Desktop;

/// <summary>
/// <c>messngr agent</c> run in-process against a control server with a fake daemon behind it, with
/// <c>DBUS_SESSION_BUS_ADDRESS</c> set to <paramref name="busAddress"/> (null: unset).
/// </summary>
internal sealed class AgentHarness : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new(TimeSpan.FromMinutes(3));

    private AgentHarness(ControlServerFixture fixture, string? busAddress)
    {
        Fixture = fixture;
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        if (busAddress is not null)
        {
            environment["DBUS_SESSION_BUS_ADDRESS"] = busAddress;
        }

        var context = fixture.Context(out _, out _) with { Out = Output, Error = Error, Environment = environment };
        Run = Task.Run(() => AgentCommand.RunAsync(fixture.StateDirArgs(), context, _stop.Token));
    }

    public ControlServerFixture Fixture { get; }

    public SharedWriter Output { get; } = new();

    public SharedWriter Error { get; } = new();

    public Task<int> Run { get; }

    public static async Task<AgentHarness> StartAsync(ControlServerFixture fixture, string? busAddress)
    {
        var harness = new AgentHarness(fixture, busAddress);
        await ControlServerFixture.WaitUntilAsync(() => fixture.Daemon.ReadEvents.Count == 1 || harness.Run.IsCompleted);
        Assert.False(harness.Run.IsCompleted, $"the agent ended: {harness.Error.Text}");
        return harness;
    }

    /// <summary>Stops the agent (as Ctrl-C) and returns its exit code.</summary>
    public async Task<int> StopAsync()
    {
        await _stop.CancelAsync();
        return await Run.WaitAsync(TimeSpan.FromSeconds(30));
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await ((Task)Run).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
        Output.Dispose();
        Error.Dispose();
    }
}
