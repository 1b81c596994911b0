using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using Messngr.Interop.Tests.Support;

namespace Messngr.Interop.Tests.Serve;

/// <summary>
/// Issue #14, item 2, on the real <c>messngr serve</c> and <c>messngr web</c>: the daemon, after
/// dropping to <c>--user nobody</c>, serves the page on the loopback port it was given, hands the
/// caller's token over the control socket, keeps it 0600, and answers the API only with it.
/// </summary>
public sealed class WebServeTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("messngr-webserve-").FullName;

    public WebServeTests()
    {
        File.SetUnixFileMode(_dir, (UnixFileMode)0b111_101_101); // the daemon, once nobody, reaches its state directory
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static Tool.Result Messngr(params string[] args) =>
        Tool.Run("dotnet", [Path.Combine(AppContext.BaseDirectory, "messngr.dll"), .. args]);

    [Fact]
    public async Task Messngr_web_prints_a_url_whose_token_opens_the_api_and_the_page_is_served()
    {
        var state = Path.Combine(_dir, "state");
        var port = FreePort.Next();
        using var serve = ServeProcess.StartIn(state, "HOSTW", "LAB", "--web-listen", $"127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}", "--user", "nobody");
        serve.WaitForLog("web page listening on", TimeSpan.FromSeconds(60));

        var web = Messngr("web", "--state-dir", state);

        Assert.True(web.ExitCode == 0, web.Error);
        var url = web.Output.Trim();
        Assert.StartsWith($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/#token=", url, StringComparison.Ordinal);
        var token = url[(url.IndexOf("#token=", StringComparison.Ordinal) + "#token=".Length)..];
        Assert.Matches("^[0-9a-f]{64}$", token);
        var tokenFile = Path.Combine(state, "web-tokens", "0");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(tokenFile));

        using var client = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(60) };
        using var anonymous = await client.GetAsync("/api/v1/history");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        using var page = await client.GetAsync("/");
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);

        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var inbox = await client.GetAsync("/api/v1/history");
        Assert.Equal(HttpStatusCode.OK, inbox.StatusCode);
        Assert.StartsWith("[", await inbox.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_non_loopback_web_listen_stops_serve_with_a_configuration_error()
    {
        var run = Messngr("serve", "--state-dir", Path.Combine(_dir, "state"), "--config", "/dev/null", "--web-listen", "0.0.0.0:2427");

        Assert.Equal(78, run.ExitCode);
        Assert.Contains("loopback", run.Error, StringComparison.Ordinal);
    }
}
