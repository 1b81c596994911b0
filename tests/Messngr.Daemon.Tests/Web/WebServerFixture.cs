using System.Net;
using System.Net.Http.Headers;
using Messngr.Daemon.Tests.Control;
using Messngr.Daemon.Web;
using Microsoft.Extensions.Logging.Abstractions;

namespace Messngr.Daemon.Tests.Web;

/// <summary>A <see cref="WebServer"/> on 127.0.0.1:0 over a <see cref="FakeDaemonControl"/>, with tokens in a temporary state directory.</summary>
internal sealed class WebServerFixture : IAsyncDisposable
{
    private WebServerFixture(string stateDirectory, Messngr.Daemon.Core.DaemonLimits? limits)
    {
        StateDirectory = stateDirectory;
        Access = new WebAccess(new IPEndPoint(IPAddress.Loopback, 0), new WebTokens(stateDirectory));
        Server = new WebServer(Daemon, Access, NullLoggerFactory.Instance, limits);
    }

    public string StateDirectory { get; }

    public FakeDaemonControl Daemon { get; } = new();

    public WebAccess Access { get; }

    public WebServer Server { get; }

    public static async Task<WebServerFixture> StartAsync(Messngr.Daemon.Core.DaemonLimits? limits = null)
    {
        var fixture = new WebServerFixture(Directory.CreateTempSubdirectory("messngr-web-").FullName, limits);
        await fixture.Server.StartAsync(CancellationToken.None);
        return fixture;
    }

    /// <summary>A client for the page's origin, with <paramref name="uid"/>'s token (none when null).</summary>
    public HttpClient Client(uint? uid)
    {
        var client = new HttpClient { BaseAddress = new Uri(Access.Origin), Timeout = TimeSpan.FromSeconds(60) };
        if (uid is { } u)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Access.Tokens.GetOrCreate(u));
        }

        return client;
    }

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        Directory.Delete(StateDirectory, recursive: true);
    }
}
