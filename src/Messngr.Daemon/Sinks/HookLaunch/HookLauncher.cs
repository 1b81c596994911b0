using System.Text.Json;
using Messngr.Daemon.Users;
using Microsoft.Extensions.Logging;

namespace Messngr.Daemon.Sinks.HookLaunch;

/// <summary>
/// <c>messngr hook-runner</c>, the root helper a privilege-dropping daemon starts before it gives
/// up root: it reads <see cref="HookLaunchSettings"/> (the first line) and then one
/// <see cref="HookLaunchMessage"/> a line from its standard input and runs the hook for each
/// through <see cref="ExecHookSink"/> — so the hook can still run as <c>hook user</c> (default
/// <c>nobody</c>) although the daemon itself can no longer change uids. It takes no other input,
/// opens nothing else, and ends (after the running hooks) when the daemon closes the pipe.
/// </summary>
internal static class HookLauncher
{
    /// <summary>Longest line taken: a 4 KiB message escaped in JSON fits many times over.</summary>
    public const int MaxLineBytes = 256 * 1024;

    /// <summary>Runs until <paramref name="input"/> ends; the process exit code (0, or 78 for unusable settings).</summary>
    public static async Task<int> RunAsync(Stream input, UserAccounts accounts, ILogger logger)
    {
        var reader = new BoundedLineReader(input, MaxLineBytes);
        ExecHookSink sink;
        try
        {
            var first = await reader.ReadLineAsync(CancellationToken.None).ConfigureAwait(false);
            var settings = first is null ? null : JsonSerializer.Deserialize(first, HookLaunchJsonContext.Default.HookLaunchSettings);
            if (settings is null)
            {
                SinkLog.HookLauncherBadInput(logger, "no settings line");
                return 78;
            }

            sink = new ExecHookSink(settings.ToOptions(), accounts, logger);
        }
        catch (Exception ex) when (ex is JsonException or ArgumentException)
        {
            SinkLog.HookLauncherBadInput(logger, ex.Message);
            return 78;
        }

        await using (sink.ConfigureAwait(false))
        {
            while (await reader.ReadLineAsync(CancellationToken.None).ConfigureAwait(false) is { } line)
            {
                HookLaunchMessage? wire;
                try
                {
                    wire = JsonSerializer.Deserialize(line, HookLaunchJsonContext.Default.HookLaunchMessage);
                }
                catch (JsonException ex)
                {
                    SinkLog.HookLauncherBadInput(logger, ex.Message);
                    continue;
                }

                if (wire?.ToMessage() is { } message)
                {
                    await sink.DeliverAsync(message, CancellationToken.None).ConfigureAwait(false);
                }
                else
                {
                    SinkLog.HookLauncherBadInput(logger, "a message line with an impossible field");
                }
            }
        }

        return 0;
    }
}
