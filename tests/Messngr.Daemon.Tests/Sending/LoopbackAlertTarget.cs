using System.Globalization;
using Messngr.Cli.Control;
using Messngr.Daemon.Core;
using Messngr.Daemon.Listeners;
using Messngr.Daemon.Tests.Listeners;

namespace Messngr.Daemon.Tests.Sending;

/// <summary>
/// Where the CLI's alerts go in the tests of <c>messngr alert</c> and the integration commands
/// (issue #15, items 3, 4 and 8): a real session listener on loopback that answers for its names,
/// a directory for the config file, and the CLI's output and error. <see cref="Options"/> are the
/// command-line options that send over SMB to that listener.
/// </summary>
internal sealed class LoopbackAlertTarget : IAsyncDisposable
{
    private readonly ListenerFixture _fixture;
    private readonly SessionListener _listener;
    private readonly string _dir;

    public LoopbackAlertTarget(params string[] names)
    {
        _fixture = new ListenerFixture(names[0], "LAB", names[1..]);
        _dir = Directory.CreateTempSubdirectory("messngr-alert-target-").FullName;
        _listener = new SessionListener(ListenerFixture.AnyPort, _fixture.Names, _fixture.Pipeline, _fixture.Counters, ListenerFixture.Logger);
        _listener.Start(CancellationToken.None);
        Assert.True(_listener.Status.Bound, _listener.Status.Error);
    }

    /// <summary>A private directory for the test's files (the config file, a text file).</summary>
    public string Dir => _dir;

    public StringWriter Out { get; } = new();

    public StringWriter Error { get; } = new();

    /// <summary>A config file whose <c>alert names</c> are <paramref name="alertNames"/>; its path.</summary>
    public string Config(string alertNames)
    {
        var path = Path.Combine(_dir, "messngr.conf");
        File.WriteAllText(path, $"[global]\nalert names = {alertNames}\n");
        return path;
    }

    /// <summary>The options that send with <paramref name="config"/>, as TESTHOST, over SMB to the listener.</summary>
    public string[] Options(string config) =>
        ["--config", config, "--netbios-name", "TESTHOST", "--transport", "smb", "--session-port", _listener.BoundPort.ToString(CultureInfo.InvariantCulture)];

    /// <summary>A non-root CLI context writing to <see cref="Out"/> and <see cref="Error"/>, with <paramref name="environment"/>.</summary>
    public CommandContext Context(IReadOnlyDictionary<string, string>? environment = null) =>
        new(Out, Error, environment ?? new Dictionary<string, string>(), IsRoot: false);

    /// <summary>The next message the listener stored (30 s safety net).</summary>
    public async Task<ReceivedMessage> NextAsync()
    {
        var message = await _fixture.NextMessageAsync(30_000);
        Assert.NotNull(message);
        return message;
    }

    public async ValueTask DisposeAsync()
    {
        await _listener.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
        Out.Dispose();
        Error.Dispose();
    }
}
