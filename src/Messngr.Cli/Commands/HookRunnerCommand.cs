using Messngr.Daemon.Sinks.HookLaunch;
using Messngr.Daemon.Users;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace Messngr.Cli.Commands;

/// <summary>
/// <c>messngr hook-runner</c> (internal, not in the usage text): the root helper that
/// <c>messngr serve</c> starts before it drops root, so hooks can still run as <c>hook user</c>.
/// Reads its settings and then messages from standard input (<see cref="HookLauncher"/>); logs to
/// standard error, which it shares with the daemon.
/// </summary>
internal static class HookRunnerCommand
{
    public static int Run(IReadOnlyList<string> args)
    {
        if (args.Count > 0)
        {
            throw new UsageException("hook-runner takes no arguments (it is started by 'messngr serve')");
        }

        if (!Console.IsInputRedirected)
        {
            Console.Error.WriteLine("messngr hook-runner: started by 'messngr serve' only; it reads its work from a pipe");
            return ExitCodes.Usage;
        }

        using var loggerFactory = LoggerFactory.Create(builder => builder
            .AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss ";
            })
            .Services.Configure<ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace));
        using var input = Console.OpenStandardInput();
        return HookLauncher.RunAsync(input, new UserAccounts(), loggerFactory.CreateLogger("messngr.hook-runner")).GetAwaiter().GetResult();
    }
}
