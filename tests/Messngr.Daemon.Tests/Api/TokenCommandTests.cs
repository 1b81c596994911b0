using System.Text.Json;
using Messngr.Cli.Commands;
using Messngr.Cli.Control;
using Messngr.Daemon.Api;
using Messngr.Daemon.Control;
using Messngr.Daemon.Tests.Control;
using Microsoft.Extensions.Logging.Abstractions;

namespace Messngr.Daemon.Tests.Api;

/// <summary>Issue #15, item 1: <c>messngr token add|list|revoke</c> over the control socket, for the caller's own uid.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class TokenCommandTests : IAsyncDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("messngr-tokencli-").FullName;
    private readonly StringWriter _out = new();
    private readonly StringWriter _error = new();
    private ControlServer? _server;
    private ApiTokens? _tokens;

    private async Task StartAsync(bool apiOn)
    {
        _tokens = apiOn ? new ApiTokens(_dir) : null;
        _server = new ControlServer(new FakeDaemonControl { ApiTokens = _tokens }, _dir, NullLoggerFactory.Instance);
        await _server.StartAsync(CancellationToken.None);
    }

    private Task<int> RunAsync(params string[] args) =>
        TokenCommand.RunAsync([.. args, "--state-dir", _dir], new CommandContext(_out, _error, new Dictionary<string, string>(), IsRoot: false), CancellationToken.None);

    [Fact]
    public async Task Add_prints_the_secret_once_for_the_callers_uid_with_every_send_to_pattern()
    {
        await StartAsync(apiOn: true);

        var code = await RunAsync("add", "--name", "nut", "--send-to", "OPS*", "--send-to", "ADMIN,*@far");

        Assert.Equal(0, code);
        var secret = _out.ToString().Trim();
        Assert.Matches("^msgr_[0-9a-f]{64}$", secret);
        Assert.True(_tokens!.TryResolve(secret, out var caller));
        Assert.Equal((ControlServerFixture.OwnUid(), "nut"), (caller.Uid, caller.TokenName));
        Assert.Equal(["OPS*", "ADMIN", "*@far"], caller.SendTo);
        Assert.Contains("shown this once", _error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_never_shows_a_secret_and_revoke_stops_the_token_at_once()
    {
        await StartAsync(apiOn: true);
        var secret = _tokens!.Add(ControlServerFixture.OwnUid(), "nut", ["OPS*"]).Secret!;

        var listed = await RunAsync("list", "--json");
        var listing = _out.ToString();
        var revoked = await RunAsync("revoke", "nut");

        Assert.Equal((0, 0), (listed, revoked));
        using var json = JsonDocument.Parse(listing);
        Assert.Equal("nut", json.RootElement[0].GetProperty("name").GetString());
        Assert.DoesNotContain(secret[5..], listing, StringComparison.Ordinal);
        Assert.DoesNotContain("\"token\"", listing, StringComparison.Ordinal);
        Assert.False(_tokens.TryResolve(secret, out _));
    }

    [Fact]
    public async Task Revoking_a_token_that_does_not_exist_is_65_and_a_bad_name_too()
    {
        await StartAsync(apiOn: true);

        Assert.Equal(65, await RunAsync("revoke", "nothing"));
        Assert.Equal(65, await RunAsync("add", "--name", "bad name"));
    }

    [Fact]
    public async Task With_the_api_off_it_is_69()
    {
        await StartAsync(apiOn: false);

        Assert.Equal(69, await RunAsync("list"));
        Assert.Contains("api listen = off", _error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Add_without_a_name_is_a_usage_error() =>
        await Assert.ThrowsAsync<Messngr.Cli.UsageException>(() => RunAsync("add"));

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        Directory.Delete(_dir, recursive: true);
    }
}
