using System.Net;
using Messngr.Daemon.Control;
using Messngr.Daemon.Tests.Control;
using Messngr.Daemon.Web;
using Microsoft.Extensions.Logging.Abstractions;

namespace Messngr.Daemon.Tests.Web;

/// <summary><c>GET /v1/web</c> and <c>POST /v1/web/token</c> on the control socket: the caller's own token, by SO_PEERCRED.</summary>
public sealed class WebTokenEndpointsTests : IAsyncDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("messngr-webctl-").FullName;
    private ControlServer? _server;

    private async Task<(ControlServer Server, WebAccess? Access)> StartAsync(bool webOn, int boundPort = 2427)
    {
        var access = webOn ? new WebAccess(new IPEndPoint(IPAddress.Loopback, 2427), new WebTokens(_dir)) { BoundPort = boundPort } : null;
        _server = new ControlServer(new FakeDaemonControl(), _dir, NullLoggerFactory.Instance, web: access);
        await _server.StartAsync(CancellationToken.None);
        return (_server, access);
    }

    [Fact]
    public async Task The_caller_gets_the_url_with_their_own_token_in_the_fragment()
    {
        var (server, access) = await StartAsync(webOn: true);

        var (status, response) = await ControlServerTests.RawAsync(server.SocketPath, "GET /v1/web HTTP/1.1");

        var token = access!.Tokens.GetOrCreate(ControlServerFixture.OwnUid());
        Assert.Equal(200, status);
        Assert.Contains($"\"url\":\"http://127.0.0.1:2427/#token={token}\"", response, StringComparison.Ordinal);
        Assert.Contains($"\"token\":\"{token}\"", response, StringComparison.Ordinal);
        Assert.Contains("Cache-Control: no-store", response, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_new_token_replaces_the_old_one()
    {
        var (server, access) = await StartAsync(webOn: true);
        var old = access!.Tokens.GetOrCreate(ControlServerFixture.OwnUid());

        var (status, response) = await ControlServerTests.RawAsync(server.SocketPath, "POST /v1/web/token HTTP/1.1", "Content-Length: 0\r\n");

        Assert.Equal(200, status);
        Assert.DoesNotContain(old, response, StringComparison.Ordinal);
        Assert.False(access.Tokens.TryFindUid(old, out _));
        Assert.Contains($"\"token\":\"{access.Tokens.GetOrCreate(ControlServerFixture.OwnUid())}\"", response, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false, 2427)]
    [InlineData(true, 0)]
    public async Task With_the_page_off_or_not_serving_the_answer_is_503_web_off(bool webOn, int boundPort)
    {
        var (server, _) = await StartAsync(webOn, boundPort);

        var (status, response) = await ControlServerTests.RawAsync(server.SocketPath, "GET /v1/web HTTP/1.1");

        Assert.Equal(503, status);
        Assert.Contains("\"error\":\"web-off\"", response, StringComparison.Ordinal);
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
