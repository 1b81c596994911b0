using Messngr.Interop.Tests.Support;

namespace Messngr.Interop.Tests.Serve;

/// <summary>
/// Issue #12, item 6, on the real <c>messngr serve</c>: with standard error connected to "the
/// journal" (<c>$JOURNAL_STREAM</c> naming its own dev:ino, as systemd.exec(5) sets it) every log
/// line carries an sd-daemon(3) priority prefix and no timestamp; otherwise each line starts with
/// a timestamp with its UTC offset.
/// </summary>
public sealed class ServeLogTests : IDisposable
{
    private readonly string _stateDir = Directory.CreateTempSubdirectory("messngr-log-").FullName;

    public void Dispose() => Directory.Delete(_stateDir, recursive: true);

    [Fact]
    public void Under_the_journal_serve_prints_priority_prefixes_and_no_timestamps()
    {
        // stat(1) %d:%i of the shell's own standard error, which exec hands on to serve.
        const string shell = """JOURNAL_STREAM=$(stat -L -c %d:%i /proc/$$/fd/2) exec "$0" "$@" """;
        using var serve = ServeProcess.StartVia(shell, _stateDir, "HOSTJ", "LAB");
        serve.Stop();

        var lines = serve.Log.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains(lines, l => l.StartsWith("<6>messngr[1] messngr serve starting as HOSTJ", StringComparison.Ordinal));
        Assert.All(lines, l => Assert.Matches(@"^<[0-7]>messngr", l));
        Assert.DoesNotMatch(@"\d{4}-\d\d-\d\dT\d\d:\d\d", serve.Log);
    }

    [Fact]
    public void Outside_the_journal_each_line_starts_with_a_timestamp_with_its_offset()
    {
        using var serve = ServeProcess.StartIn(_stateDir, "HOSTT", "LAB");
        serve.Stop();

        var lines = serve.Log.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.All(lines, l => Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d (info|dbug|warn|fail|crit): ", l));
    }
}
