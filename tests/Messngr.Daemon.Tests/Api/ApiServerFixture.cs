using System.Net;
using System.Net.Http.Headers;
using Messngr.Daemon.Api;
using Messngr.Daemon.Tests.Control;
using Messngr.Daemon.Tests.Sending;
using Microsoft.Extensions.Logging.Abstractions;

namespace Messngr.Daemon.Tests.Api;

/// <summary>
/// An <see cref="ApiServer"/> on 127.0.0.1:0 over a <see cref="FakeDaemonControl"/> whose classic
/// sends go to <see cref="FakeClassicTransports"/> (BOB&lt;03&gt; at 192.0.2.5), tokens in a temporary state directory.
/// </summary>
internal sealed class ApiServerFixture : IAsyncDisposable
{
    public const uint Alice = 1000;
    public const uint Bob = 2000;

    private ApiServerFixture(string stateDirectory, Messngr.Daemon.Core.DaemonLimits? limits, IReadOnlyList<string> alertNames)
    {
        StateDirectory = stateDirectory;
        Tokens = new ApiTokens(stateDirectory, limits);
        Daemon.ApiTokens = Tokens;
        Daemon.SendStack = FakeSendStack.Create(Transports);
        Daemon.UserNames[Alice] = "alice";
        Daemon.UserNames[Bob] = "bob";
        Server = new ApiServer(Daemon, new ApiListenOptions(new IPEndPoint(IPAddress.Loopback, 0)), Tokens, () => alertNames, NullLoggerFactory.Instance, limits);
    }

    public string StateDirectory { get; }

    public FakeDaemonControl Daemon { get; } = new();

    public FakeClassicTransports Transports { get; } = new();

    public ApiTokens Tokens { get; }

    public ApiServer Server { get; }

    public Uri Origin => new($"http://127.0.0.1:{Server.BoundPort}");

    public static async Task<ApiServerFixture> StartAsync(Messngr.Daemon.Core.DaemonLimits? limits = null, IReadOnlyList<string>? alertNames = null)
    {
        var fixture = new ApiServerFixture(Directory.CreateTempSubdirectory("messngr-api-").FullName, limits, alertNames ?? []);
        await fixture.Server.StartAsync(CancellationToken.None);
        return fixture;
    }

    /// <summary>A new token of <paramref name="uid"/> and its secret.</summary>
    public string NewToken(uint uid, string name = "ci", params string[] sendTo) =>
        Tokens.Add(uid, name, sendTo).Secret ?? throw new InvalidOperationException("no token made");

    /// <summary>A client for the API with <paramref name="secret"/> as its bearer token (none when null).</summary>
    public HttpClient Client(string? secret)
    {
        var client = new HttpClient { BaseAddress = Origin, Timeout = TimeSpan.FromSeconds(60) };
        if (secret is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        }

        return client;
    }

    public static StringContent Json(string json) => new(json, System.Text.Encoding.UTF8, "application/json");

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        Directory.Delete(StateDirectory, recursive: true);
    }
}
