using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;

namespace Messngr.Cli.Logging;

/// <summary>
/// The log lines of <c>messngr serve</c> on standard error, one record per line. Under systemd
/// with standard error connected to the journal (<see cref="JournalStream"/>) each line starts
/// with the sd-daemon(3) priority prefix (<c>&lt;3&gt;</c> error, <c>&lt;4&gt;</c> warning,
/// <c>&lt;6&gt;</c> info, <c>&lt;7&gt;</c> debug) and carries no timestamp: journald adds its own.
/// Otherwise each line starts with an ISO 8601 timestamp with its UTC offset
/// (<c>2026-12-07T03:40:00+00:00</c>), so lines from hosts in different zones can be ordered.
/// Registered as a formatter instance (no options binding, AOT-safe).
/// </summary>
internal sealed class ServeLogFormatter : ConsoleFormatter
{
    public const string FormatterName = "messngr";

    private readonly bool _journal;
    private readonly TimeProvider _time;

    public ServeLogFormatter(bool journal, TimeProvider? time = null)
        : base(FormatterName)
    {
        _journal = journal;
        _time = time ?? TimeProvider.System;
    }

    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        ArgumentNullException.ThrowIfNull(textWriter);
        var message = logEntry.Formatter?.Invoke(logEntry.State, logEntry.Exception);
        if (message is null && logEntry.Exception is null)
        {
            return;
        }

        var text = logEntry.Exception is { } ex ? $"{message} {ex}" : message!;
        var origin = $"{logEntry.Category}[{logEntry.EventId.Id.ToString(CultureInfo.InvariantCulture)}]";
        if (_journal)
        {
            // sd-daemon(3): the prefix applies to one line; every line of a multi-line record gets it.
            var prefix = Priority(logEntry.LogLevel);
            foreach (var line in text.Split('\n'))
            {
                textWriter.Write($"{prefix}{origin} {line.TrimEnd('\r')}\n");
            }

            return;
        }

        var when = _time.GetLocalNow().ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
        textWriter.Write($"{when} {Level(logEntry.LogLevel)}: {origin} {text.Replace("\r", string.Empty, StringComparison.Ordinal).Replace('\n', ' ')}\n");
    }

    /// <summary>The sd-daemon(3) prefix (syslog(3) priorities) for a level.</summary>
    public static string Priority(LogLevel level) => level switch
    {
        LogLevel.Critical => "<2>",
        LogLevel.Error => "<3>",
        LogLevel.Warning => "<4>",
        LogLevel.Information => "<6>",
        _ => "<7>",
    };

    /// <summary>The level word, as Microsoft's simple console formatter writes it.</summary>
    private static string Level(LogLevel level) => level switch
    {
        LogLevel.Trace => "trce",
        LogLevel.Debug => "dbug",
        LogLevel.Information => "info",
        LogLevel.Warning => "warn",
        LogLevel.Error => "fail",
        LogLevel.Critical => "crit",
        _ => "none",
    };
}
