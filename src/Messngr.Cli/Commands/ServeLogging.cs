using Messngr.Cli.Logging;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace Messngr.Cli.Commands;

/// <summary>
/// The log of <c>messngr serve</c>: standard error, filtered at <c>log level</c>, in the
/// journal's format under systemd and with zoned timestamps otherwise (<see cref="ServeLogFormatter"/>).
/// </summary>
internal static class ServeLogging
{
    public static ILoggerFactory Create(LogLevel minimum, IReadOnlyDictionary<string, string> environment) =>
        Create(minimum, new ServeLogFormatter(JournalStream.IsStandardErrorJournal(environment)));

    public static ILoggerFactory Create(LogLevel minimum, ConsoleFormatter formatter) =>
        LoggerFactory.Create(builder =>
        {
            builder.SetMinimumLevel(minimum).AddConsole(o => o.FormatterName = formatter.Name);
            builder.Services.AddSingleton(formatter);
            // The log goes to standard error; standard output carries the messages alone.
            builder.Services.Configure<ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        });
}
