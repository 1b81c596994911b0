using Messngr.Cli.Logging;
using Messngr.Daemon.Options;
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
    public static ILoggerFactory Create(LogLevel minimum, ServeLogFormat format, IReadOnlyDictionary<string, string> environment) =>
        Create(minimum, new ServeLogFormatter(UsesJournalFormat(format, environment)));

    /// <summary><c>log format = journal</c>, or <c>auto</c> with standard error connected to the journal (<see cref="JournalStream"/>).</summary>
    public static bool UsesJournalFormat(ServeLogFormat format, IReadOnlyDictionary<string, string> environment) => format switch
    {
        ServeLogFormat.Journal => true,
        ServeLogFormat.Plain => false,
        _ => JournalStream.IsStandardErrorJournal(environment),
    };

    public static ILoggerFactory Create(LogLevel minimum, ConsoleFormatter formatter) =>
        LoggerFactory.Create(builder =>
        {
            builder.SetMinimumLevel(minimum).AddConsole(o => o.FormatterName = formatter.Name);
            builder.Services.AddSingleton(formatter);
            // The log goes to standard error; standard output carries the messages alone.
            builder.Services.Configure<ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        });
}
