using System.Net;
using System.Net.Sockets;
using System.Text;
using Messngr.Daemon.Alertmanager;
using Messngr.Daemon.Control;
using Messngr.Daemon.Core;
using Messngr.Daemon.Tests.Alertmanager;
using Messngr.Daemon.Tests.Api;
using Messngr.Daemon.Tests.Control;
using Microsoft.Extensions.Logging.Abstractions;

namespace Messngr.Daemon.Tests.Sending;

/// <summary>
/// Issue #15, review follow-up: one cap of sends under way per uid (<see cref="Messngr.Daemon.Sending.PerUserSendSlots"/>)
/// for every daemon-side send path — the control socket's <c>/v1/send/any</c> and Alertmanager
/// receiver, the HTTP API's publish and Alertmanager receiver — where each endpoint (and each
/// listener) used to count its own, so one uid could hold several times the cap. Here the cap is 1,
/// both as the endpoints' limit and as the send stack's, and the control socket and the HTTP API
/// share one daemon (its one send stack), as in <c>messngr serve</c>. The held send goes to bob
/// over SMB (held until released); the probes go to <c>*</c> (a mailslot broadcast, never held), so
/// a probe the cap lets through answers at once instead of waiting behind the held send.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class SharedSendCapTests : IAsyncDisposable
{
    private const uint Root = 0;

    private static readonly DaemonLimits OneSend = DaemonLimits.Default with { MaxAnySendsInFlightPerUser = 1 };

    private readonly SemaphoreSlim _entered = new(0);
    private readonly ManualResetEventSlim _release = new();
    private ApiServerFixture? _api;
    private ControlServer? _control;
    private string? _controlDirectory;

    private ApiServerFixture Api => _api ?? throw new InvalidOperationException("not started");

    private string SocketPath => _control?.SocketPath ?? throw new InvalidOperationException("not started");

    /// <summary>The HTTP API and a control socket over one daemon whose send stack allows one send per uid; SMB sends are held until released.</summary>
    private async Task StartAsync()
    {
        _api = await ApiServerFixture.StartAsync(OneSend);
        Api.Daemon.SendStack = FakeSendStack.Create(Api.Transports, sendsPerUser: 1);
        Api.Daemon.AlertmanagerRouting = new AlertmanagerRouting(AlertmanagerRouteParser.Parse("job=http_checks -> *", 64), []);
        Api.Transports.HoldSmbUntil(_entered, _release);
        _controlDirectory = Directory.CreateTempSubdirectory("messngr-cap-").FullName;
        _control = new ControlServer(Api.Daemon, _controlDirectory, NullLoggerFactory.Instance, OneSend);
        await _control.StartAsync(CancellationToken.None);
    }

    private static async Task<(HttpStatusCode Status, string Body)> PostAsync(HttpClient client, string path, string json)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        using var response = await client.PostAsync(path, content);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private Task<(int Status, string Response)> ControlPostAsync(string path, string json) =>
        ControlServerTests.RawAsync(SocketPath, $"POST {path} HTTP/1.1", $"Content-Type: application/json\r\nContent-Length: {Encoding.UTF8.GetByteCount(json)}\r\n", json);

    private async Task WaitUntilEnteredAsync() =>
        Assert.True(await _entered.WaitAsync(TimeSpan.FromMinutes(1)), "the first send never reached the transport");

    /// <summary>Waits (a generous safety net, no timing asserted) until root holds no send slot.</summary>
    private async Task WaitUntilRootHoldsNoSlotAsync()
    {
        var slots = Api.Daemon.SendStack!.Slots;
        using var safetyNet = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        while (slots.Held(Root) != 0 && !safetyNet.IsCancellationRequested)
        {
            await Task.Delay(20, CancellationToken.None);
        }

        Assert.Equal(0, slots.Held(Root));
    }

    [Fact]
    public async Task A_uid_holding_the_cap_through_the_api_is_429_on_the_control_sockets_send_any_and_both_alertmanager_receivers_while_another_uid_still_sends()
    {
        await StartAsync();
        using var root = Api.Client(Api.NewToken(Root, "root"));
        using var alice = Api.Client(Api.NewToken(ApiServerFixture.Alice, "alice"));

        var first = Task.Run(() => PostAsync(root, "/v1/messages", "{\"recipients\":[\"bob\"],\"text\":\"one\"}"));
        await WaitUntilEnteredAsync();
        var (anyStatus, any) = await ControlPostAsync(ControlAnySendEndpoints.Path, "{\"recipient\":\"*\",\"text\":\"two\"}");
        var (controlAlertStatus, _) = await ControlPostAsync(ControlAlertmanagerEndpoint.Path, AlertmanagerPayloads.Firing);
        var (apiAlertStatus, apiAlert) = await PostAsync(root, ControlAlertmanagerEndpoint.Path, AlertmanagerPayloads.Firing);
        // Another uid has its own slots.
        var (aliceStatus, _) = await PostAsync(alice, "/v1/messages", "{\"recipients\":[\"*\"],\"text\":\"alice's\"}");
        _release.Set();
        var (firstStatus, _) = await first;
        await WaitUntilRootHoldsNoSlotAsync();
        var (againStatus, _) = await ControlPostAsync(ControlAnySendEndpoints.Path, "{\"recipient\":\"bob\",\"text\":\"three\"}");

        Assert.Equal((429, 429, HttpStatusCode.TooManyRequests), (anyStatus, controlAlertStatus, apiAlertStatus));
        Assert.Contains("\"error\":\"busy\"", any, StringComparison.Ordinal);
        Assert.Contains("\"error\":\"busy\"", apiAlert, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, aliceStatus);
        Assert.Equal(HttpStatusCode.OK, firstStatus);
        Assert.Equal(200, againStatus);
        Assert.Equal(["one", "alice's", "three"], Api.Transports.Messages.Select(m => m.Text));
    }

    [Fact]
    public async Task A_uid_holding_the_cap_through_the_control_socket_is_429_on_the_api_and_the_slot_is_given_back_when_that_send_fails()
    {
        await StartAsync();
        using var root = Api.Client(Api.NewToken(Root, "root"));
        Api.Transports.Smb = (_, _) =>
        {
            _entered.Release();
            _release.Wait(TimeSpan.FromMinutes(2));
            throw new InvalidOperationException("the transport failed");
        };

        var first = Task.Run(() => ControlPostAsync(ControlAnySendEndpoints.Path, "{\"recipient\":\"bob\",\"text\":\"one\"}"));
        await WaitUntilEnteredAsync();
        var (busyStatus, busy) = await PostAsync(root, "/v1/messages", "{\"recipients\":[\"*\"],\"text\":\"two\"}");
        Api.Transports.Smb = (_, _) => new Messngr.Daemon.Sending.TransportResult(Messngr.Daemon.Sending.SendOutcome.Delivered, "ok", 1);
        _release.Set();
        var (failedStatus, _) = await first;
        await WaitUntilRootHoldsNoSlotAsync();
        var (againStatus, _) = await PostAsync(root, "/v1/messages", "{\"recipients\":[\"bob\"],\"text\":\"three\"}");

        Assert.Equal(HttpStatusCode.TooManyRequests, busyStatus);
        Assert.Contains("\"error\":\"busy\"", busy, StringComparison.Ordinal);
        Assert.Equal(500, failedStatus);
        Assert.Equal(HttpStatusCode.OK, againStatus);
        Assert.Equal(["one", "three"], Api.Transports.Messages.Select(m => m.Text));
    }

    [Fact]
    public async Task A_client_that_disconnects_mid_send_holds_the_cap_until_the_send_ends_and_then_gives_it_back()
    {
        await StartAsync();
        using var root = Api.Client(Api.NewToken(Root, "root"));

        using (var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified))
        {
            const string json = "{\"recipient\":\"bob\",\"text\":\"one\"}";
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(SocketPath));
            await socket.SendAsync(Encoding.ASCII.GetBytes(
                $"POST {ControlAnySendEndpoints.Path} HTTP/1.1\r\nHost: messngr\r\nContent-Type: application/json\r\nContent-Length: {json.Length}\r\n\r\n{json}"));
            await WaitUntilEnteredAsync();
        }

        // The client is gone; its send goes on (the daemon's token) and still holds root's one slot.
        var (busyStatus, _) = await PostAsync(root, "/v1/messages", "{\"recipients\":[\"*\"],\"text\":\"two\"}");
        _release.Set();
        await WaitUntilRootHoldsNoSlotAsync();
        var (againStatus, _) = await PostAsync(root, "/v1/messages", "{\"recipients\":[\"bob\"],\"text\":\"three\"}");

        Assert.Equal(HttpStatusCode.TooManyRequests, busyStatus);
        Assert.Equal(HttpStatusCode.OK, againStatus);
        Assert.Equal(["one", "three"], Api.Transports.Messages.Select(m => m.Text));
    }

    public async ValueTask DisposeAsync()
    {
        _release.Set();
        if (_control is not null)
        {
            await _control.DisposeAsync();
        }

        if (_api is not null)
        {
            await _api.DisposeAsync();
        }

        if (_controlDirectory is not null)
        {
            Directory.Delete(_controlDirectory, recursive: true);
        }

        _release.Dispose();
        _entered.Dispose();
    }
}
