using Microsoft.Extensions.Hosting;

namespace Messngr.Daemon.Control;

/// <summary>
/// Replaces the generic host's ConsoleLifetime inside the control server: the daemon owns
/// SIGINT/SIGTERM (ServeCommand) and stops the control server itself, so the embedded web host
/// must neither install signal handlers nor print "Press Ctrl+C".
/// </summary>
internal sealed class ControlHostLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
