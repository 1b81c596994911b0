using System.Runtime.InteropServices;

namespace Messngr.Cli.Commands;

/// <summary>
/// Runs a long-lived client command (<c>listen</c>, <c>agent</c>) until it ends or is asked to
/// stop: SIGINT (Ctrl-C) and SIGTERM cancel its token instead of killing the process, so it can
/// finish what is under way and exit 0.
/// </summary>
internal static class UntilStopped
{
    /// <param name="run">The command, given the token that stops it.</param>
    /// <param name="alsoStopWhen">Another cause to stop (given the stop action), such as a closed standard output.</param>
    public static int Run(Func<CancellationToken, Task<int>> run, Action<Action>? alsoStopWhen = null)
    {
        ArgumentNullException.ThrowIfNull(run);
        using var stop = new CancellationTokenSource();
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Cancel);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Cancel);
        alsoStopWhen?.Invoke(Stop);
        return run(stop.Token).GetAwaiter().GetResult();

        void Cancel(PosixSignalContext context)
        {
            context.Cancel = true;
            Stop();
        }

        void Stop()
        {
            try
            {
                stop.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // already returning
            }
        }
    }
}
