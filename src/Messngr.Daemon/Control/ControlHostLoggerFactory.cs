using Microsoft.Extensions.Logging;

namespace Messngr.Daemon.Control;

/// <summary>
/// The daemon's logger factory as the embedded web host sees it: Kestrel's and the host's own
/// categories (<c>Microsoft.*</c>) only from Warning up, so the daemon log carries no line per
/// control request; the control API's own events (200–249) pass unchanged.
/// </summary>
internal sealed class ControlHostLoggerFactory : ILoggerFactory
{
    private readonly ILoggerFactory _inner;

    public ControlHostLoggerFactory(ILoggerFactory inner) => _inner = inner;

    public ILogger CreateLogger(string categoryName)
    {
        var logger = _inner.CreateLogger(categoryName);
        return categoryName.StartsWith("Microsoft.", StringComparison.Ordinal) ? new WarningsOnly(logger) : logger;
    }

    public void AddProvider(ILoggerProvider provider) => throw new NotSupportedException("the daemon owns the logging providers");

    /// <summary>The daemon owns and disposes the inner factory.</summary>
    public void Dispose()
    {
    }

    private sealed class WarningsOnly : ILogger
    {
        private readonly ILogger _inner;

        public WarningsOnly(ILogger inner) => _inner = inner;

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => _inner.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning && _inner.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                _inner.Log(logLevel, eventId, state, exception, formatter);
            }
        }
    }
}
