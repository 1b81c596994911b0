using Messngr.Daemon.Control;
using Microsoft.Extensions.Logging;

namespace Messngr.Daemon.Tests.Control;

public sealed class ControlHostLoggerFactoryTests
{
    [Fact]
    public void Kestrel_chatter_below_warning_is_dropped_and_our_events_pass()
    {
        var provider = new CapturingProvider();
        using var inner = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Debug).AddProvider(provider));
        var factory = new ControlHostLoggerFactory(inner);

        Write(factory, "Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Information, "Request starting");
        Write(factory, "Microsoft.AspNetCore.Server.Kestrel", LogLevel.Warning, "heartbeat slow");
        Write(factory, "messngr.control", LogLevel.Debug, "listen stream opened");

        Assert.Equal(["Microsoft.AspNetCore.Server.Kestrel: heartbeat slow", "messngr.control: listen stream opened"], provider.Lines);
    }

    private static void Write(ControlHostLoggerFactory factory, string category, LogLevel level, string text) =>
        factory.CreateLogger(category).Log(level, default, text, null, (state, _) => state);

    private sealed class CapturingProvider : ILoggerProvider
    {
        public List<string> Lines { get; } = [];

        public ILogger CreateLogger(string categoryName) => new Capturing(categoryName, Lines);

        public void Dispose()
        {
        }

        private sealed class Capturing(string category, List<string> lines) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                lines.Add($"{category}: {formatter(state, exception)}");
        }
    }
}
