using System.Net;
using Messngr.Cli.Commands;
using Messngr.Cli.Logging;
using Messngr.Daemon.Core;
using Messngr.Daemon.Hosting;
using Messngr.Daemon.Options;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Messngr.Daemon.Tests.Hosting;

/// <summary>serve's log lines (issue #12, item 6): journald's format under systemd, zoned timestamps otherwise, a level filter, transport names as users write them.</summary>
public sealed class ServeLogFormatterTests
{
    private static string Format(bool journal, LogLevel level, string message, TimeProvider? time = null)
    {
        var formatter = new ServeLogFormatter(journal, time);
        using var writer = new StringWriter();
        formatter.Write(new LogEntry<string>(level, "messngr.names", new EventId(7), message, null, (s, _) => s), null, writer);
        return writer.ToString();
    }

    [Theory]
    [InlineData(LogLevel.Error, "<3>")]
    [InlineData(LogLevel.Warning, "<4>")]
    [InlineData(LogLevel.Information, "<6>")]
    [InlineData(LogLevel.Debug, "<7>")]
    public void Under_the_journal_each_line_starts_with_its_sd_daemon_priority_and_has_no_timestamp(LogLevel level, string prefix)
    {
        var line = Format(journal: true, level, "registered HOSTQ<03>");

        Assert.Equal($"{prefix}messngr.names[7] registered HOSTQ<03>\n", line);
    }

    [Fact]
    public void Under_the_journal_every_line_of_a_multi_line_record_gets_the_prefix()
    {
        var lines = Format(journal: true, LogLevel.Warning, "first\nsecond").Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(["<4>messngr.names[7] first", "<4>messngr.names[7] second"], lines);
    }

    [Fact]
    public void Outside_the_journal_each_line_starts_with_an_ISO_8601_timestamp_with_its_offset()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 7, 3, 40, 0, TimeSpan.Zero));
        time.SetLocalTimeZone(TimeZoneInfo.CreateCustomTimeZone("lab", TimeSpan.FromHours(2), "lab", "lab"));

        var line = Format(journal: false, LogLevel.Information, "one\ntwo", time);

        Assert.Equal("2026-12-07T05:40:00+02:00 info: messngr.names[7] one two\n", line);
    }

    [Theory]
    [InlineData("error", LogLevel.Error)]
    [InlineData("warning", LogLevel.Warning)]
    [InlineData("info", LogLevel.Information)]
    [InlineData("debug", LogLevel.Debug)]
    public void Log_level_is_read_as_operators_write_it(string value, LogLevel expected)
    {
        var options = ServeOptionsLoader.Load(new Dictionary<string, string> { ["log-level"] = value }, new Dictionary<string, string>(), "/dev/null", isRoot: false);

        Assert.Equal(expected, options.LogLevel);
    }

    [Fact]
    public void An_unknown_log_level_is_a_configuration_error_naming_the_key()
    {
        var error = Assert.Throws<ArgumentException>(() => ServeOptionsLoader.Load(new Dictionary<string, string>(), new Dictionary<string, string> { ["MESSNGR_LOG_LEVEL"] = "loud" }, "/dev/null", isRoot: false));

        Assert.Contains("MESSNGR_LOG_LEVEL", error.Message, StringComparison.Ordinal);
        Assert.Contains("loud", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_log_level_filters_what_serve_logs()
    {
        using var factory = ServeLogging.Create(LogLevel.Warning, new ServeLogFormatter(journal: true));
        var logger = factory.CreateLogger("messngr");

        Assert.False(logger.IsEnabled(LogLevel.Information));
        Assert.True(logger.IsEnabled(LogLevel.Warning));
        Assert.True(logger.IsEnabled(LogLevel.Error));
    }

    [Fact]
    public void JOURNAL_STREAM_counts_only_when_it_names_standard_error()
    {
        var stderr = (JournalStream.MakeDevice(0, 8), 4242UL);

        Assert.True(JournalStream.Matches($"{JournalStream.MakeDevice(0, 8)}:4242", stderr));
        Assert.False(JournalStream.Matches($"{JournalStream.MakeDevice(0, 8)}:4243", stderr)); // a redirected child inherits the variable
        Assert.False(JournalStream.Matches("garbage", stderr));
        Assert.False(JournalStream.Matches("8:4242", null));
    }

    [Fact]
    public void INVOCATION_ID_alone_means_systemd_and_nothing_means_a_terminal_or_a_file()
    {
        Assert.True(JournalStream.IsStandardErrorJournal(new Dictionary<string, string> { ["INVOCATION_ID"] = "0123456789abcdef" }));
        Assert.False(JournalStream.IsStandardErrorJournal(new Dictionary<string, string>()));
        Assert.False(JournalStream.IsStandardErrorJournal(new Dictionary<string, string> { ["JOURNAL_STREAM"] = "1:1", ["INVOCATION_ID"] = "x" }));
    }

    [Theory]
    [InlineData(0, "smb")]
    [InlineData(1, "mailslot")]
    [InlineData(2, "rpc")]
    public async Task The_accepted_message_log_line_names_the_transport_as_users_write_it(int transportValue, string name)
    {
        var transport = (MessageTransport)transportValue;
        var logger = new CapturingLogger();
        var sink = new AcceptedLogSink(logger);

        await sink.DeliverAsync(new ReceivedMessage("ALICE", "BOB", "hi", transport, new IPEndPoint(IPAddress.Loopback, 1), DateTimeOffset.UnixEpoch), CancellationToken.None);

        Assert.Contains($"via {name} from", Assert.Single(logger.Lines), StringComparison.Ordinal);
    }
}
