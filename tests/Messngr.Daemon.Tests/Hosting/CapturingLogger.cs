using Microsoft.Extensions.Logging;

namespace Messngr.Daemon.Tests.Hosting;

/// <summary>Keeps every formatted log line.</summary>
internal sealed class CapturingLogger : ILogger
{
    private readonly List<string> _lines = [];
    private readonly List<(LogLevel Level, string Line)> _entries = [];

    /// <summary>Every line with its level.</summary>
    public IReadOnlyList<(LogLevel Level, string Line)> Entries
    {
        get
        {
            lock (_lines)
            {
                return [.. _entries];
            }
        }
    }

    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_lines)
            {
                return [.. _lines];
            }
        }
    }

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        lock (_lines)
        {
            var line = formatter(state, exception);
            _lines.Add(line);
            _entries.Add((logLevel, line));
        }
    }
}
