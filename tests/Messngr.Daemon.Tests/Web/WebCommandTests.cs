using System.Net;
using Messngr.Cli.Commands;
using Messngr.Cli.Control;
using Messngr.Daemon.Control;
using Messngr.Daemon.Tests.Control;
using Messngr.Daemon.Web;
using Microsoft.Extensions.Logging.Abstractions;

namespace Messngr.Daemon.Tests.Web;

/// <summary><c>messngr web</c> against a control server whose web page is on (or off).</summary>
public sealed class WebCommandTests : IAsyncDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("messngr-webcli-").FullName;
    private readonly StringWriter _out = new();
    private readonly StringWriter _error = new();
    private ControlServer? _server;
    private WebAccess? _access;

    private async Task StartAsync(bool webOn)
    {
        _access = webOn ? new WebAccess(new IPEndPoint(IPAddress.Loopback, 2427), new WebTokens(_dir)) { BoundPort = 2427 } : null;
        _server = new ControlServer(new FakeDaemonControl(), _dir, NullLoggerFactory.Instance, web: _access);
        await _server.StartAsync(CancellationToken.None);
    }

    private Task<int> RunAsync(Func<string, string?>? open, params string[] args) =>
        WebCommand.RunAsync([.. args, "--state-dir", _dir], new CommandContext(_out, _error, new Dictionary<string, string>(), IsRoot: false), CancellationToken.None, open);

    private string OwnToken => _access!.Tokens.GetOrCreate(ControlServerFixture.OwnUid());

    [Fact]
    public async Task Web_prints_the_url_with_the_callers_own_token()
    {
        await StartAsync(webOn: true);

        var code = await RunAsync(null);

        Assert.Equal(0, code);
        Assert.Equal($"http://127.0.0.1:2427/#token={OwnToken}\n", _out.ToString());
        Assert.Equal(string.Empty, _error.ToString());
    }

    [Fact]
    public async Task New_token_prints_a_url_with_a_new_token_and_the_old_one_stops_working()
    {
        await StartAsync(webOn: true);
        var old = OwnToken;

        var code = await RunAsync(null, "--new-token");

        Assert.Equal(0, code);
        Assert.DoesNotContain(old, _out.ToString(), StringComparison.Ordinal);
        Assert.Contains(OwnToken, _out.ToString(), StringComparison.Ordinal);
        Assert.False(_access!.Tokens.TryFindUid(old, out _));
    }

    [Fact]
    public async Task Json_gives_the_url_and_the_token()
    {
        await StartAsync(webOn: true);

        Assert.Equal(0, await RunAsync(null, "--json"));

        Assert.Contains($"\"token\": \"{OwnToken}\"", _out.ToString(), StringComparison.Ordinal);
        Assert.Contains("\"url\": \"http://127.0.0.1:2427/#token=", _out.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Open_hands_the_url_to_the_opener_instead_of_printing_it()
    {
        await StartAsync(webOn: true);
        string? opened = null;

        var code = await RunAsync(url => { opened = url; return null; }, "--open");

        Assert.Equal(0, code);
        Assert.Equal($"http://127.0.0.1:2427/#token={OwnToken}", opened);
        Assert.Equal(string.Empty, _out.ToString());
    }

    [Fact]
    public async Task Open_without_a_browser_says_so_prints_the_url_and_exits_69()
    {
        await StartAsync(webOn: true);

        var code = await RunAsync(_ => "xdg-open: No such file", "--open");

        Assert.Equal(69, code);
        Assert.Contains("cannot open a browser", _error.ToString(), StringComparison.Ordinal);
        Assert.Contains(OwnToken, _out.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_the_page_off_web_says_so_and_exits_69()
    {
        await StartAsync(webOn: false);

        var code = await RunAsync(null);

        Assert.Equal(69, code);
        Assert.Contains("web listen = off", _error.ToString(), StringComparison.Ordinal);
        Assert.Equal(string.Empty, _out.ToString());
    }

    [Fact]
    public void The_forwarding_file_is_0600_in_the_runtime_dir_and_holds_the_url_escaped()
    {
        var path = WebOpener.WriteRedirect("http://127.0.0.1:2427/#token=ab\"<", new Dictionary<string, string> { ["XDG_RUNTIME_DIR"] = _dir });

        Assert.Equal(Path.Combine(_dir, WebOpener.FileName), path);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        var html = File.ReadAllText(path);
        Assert.Contains("url=http://127.0.0.1:2427/#token=ab&quot;&lt;\"", html, StringComparison.Ordinal);
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        Directory.Delete(_dir, recursive: true);
    }
}
