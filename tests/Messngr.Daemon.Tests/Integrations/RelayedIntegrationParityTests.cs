using System.Text.Json.Nodes;
using Messngr.Cli;
using Messngr.Cli.Commands;
using Messngr.Daemon.Alertmanager;
using Messngr.Daemon.Integrations;
using Messngr.Daemon.Tests.Control;
using Messngr.Daemon.Tests.Sending;

namespace Messngr.Daemon.Tests.Integrations;

/// <summary>
/// Issue #15, item 8: one input, two entry points — <c>messngr upsmon-notify|clamav-event|media-script</c>
/// (the CLI, sending over SMB to a real session listener on loopback) and the daemon's
/// <c>POST /v1/send/any {"integration":…}</c> (what messngr-send relays) — send the same alert text
/// to the alert names, because both run the one mapping of <see cref="RelayedIntegrations"/>.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class RelayedIntegrationParityTests : IAsyncDisposable
{
    private readonly LoopbackAlertTarget _target = new("HOSTB");
    private readonly string _config;

    public RelayedIntegrationParityTests() => _config = _target.Config("HOSTB@127.0.0.1");

    public ValueTask DisposeAsync() => _target.DisposeAsync();

    public static TheoryData<string, string[], string[]> Events => new()
    {
        { "upsmon-notify", ["UPS ups1@localhost \u001b[31mon battery\u0007"], ["NOTIFYTYPE", "ONBATT", "UPSNAME", "ups1@localhost"] },
        { "upsmon-notify", [" "], ["NOTIFYTYPE", "LOWBATT", "UPSNAME", "ups1@local\u001b]0;x\u0007host"] },
        { "clamav-event", [], ["CLAM_VIRUSEVENT_VIRUSNAME", "Eicar-Test-Signature", "CLAM_VIRUSEVENT_FILENAME", "/srv/a\n\u001b[2J;$(id).txt"] },
        { "media-script", ["", "** PROBLEM Service Alert: db1/disk is CRITICAL **", "free 2%\r\nsince 10:00\u001b[0m\n\n"], [] },
    };

    [Theory]
    [MemberData(nameof(Events))]
    public async Task The_cli_command_and_the_daemon_send_the_same_alert(string integration, string[] args, string[] environment)
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < environment.Length; i += 2)
        {
            variables[environment[i]] = environment[i + 1];
        }

        var cli = await CliTextAsync(integration, args, variables);
        var daemon = await DaemonTextAsync(integration, args, variables);

        Assert.Equal(cli, daemon);
        Assert.Equal(RelayedIntegrations.Find(integration)!.Map(args, variables).SentText, daemon);
    }

    [Fact]
    public async Task A_mapping_error_is_the_clis_usage_error_and_the_daemons_400()
    {
        var context = _target.Context(new Dictionary<string, string> { ["CLAM_VIRUSEVENT_FILENAME"] = "/x" });
        var usage = await Assert.ThrowsAsync<UsageException>(() => ClamavEventCommand.RunAsync([], context, CancellationToken.None));
        await using var f = await ControlServerFixture.StartAsync();
        f.Daemon.SendStack = FakeSendStack.Create(new FakeClassicTransports());
        f.Daemon.AlertmanagerRouting = new AlertmanagerRouting([], ["bob"]);

        var (status, response) = await ControlIntegrationSendTests.PostAsync(f, "{\"integration\":\"clamav-event\",\"environment\":{\"CLAM_VIRUSEVENT_FILENAME\":\"/x\"}}");

        Assert.Equal("clamav-event: CLAM_VIRUSEVENT_VIRUSNAME is not set: clamd's VirusEvent sets it (clamd.conf(5))", usage.Message);
        Assert.Equal(400, status);
        Assert.Contains("CLAM_VIRUSEVENT_VIRUSNAME is not set", response, StringComparison.Ordinal);
    }

    /// <summary>What HOSTB receives from <c>messngr INTEGRATION --options ARGS</c> with <paramref name="environment"/>.</summary>
    private async Task<string> CliTextAsync(string integration, string[] args, Dictionary<string, string> environment)
    {
        var options = _target.Options(_config);
        var context = _target.Context(environment);
        var run = integration switch
        {
            "upsmon-notify" => UpsmonNotifyCommand.RunAsync([.. options, .. args], context, CancellationToken.None),
            "clamav-event" => ClamavEventCommand.RunAsync([.. options, .. args], context, CancellationToken.None),
            _ => MediaScriptCommand.RunAsync([.. options, .. args], context, CancellationToken.None),
        };

        Assert.True(await run.WaitAsync(TimeSpan.FromSeconds(120)) == ExitCodes.Ok, _target.Error.ToString());
        var message = await _target.NextAsync();
        Assert.Equal("HOSTB", message.To);
        return message.Text.Replace("\r\n", "\n", StringComparison.Ordinal);
    }

    /// <summary>What the daemon hands its (fake) classic transport for the same integration body, sent to the alert names.</summary>
    private static async Task<string> DaemonTextAsync(string integration, string[] args, Dictionary<string, string> environment)
    {
        var transports = new FakeClassicTransports();
        await using var f = await ControlServerFixture.StartAsync();
        f.Daemon.SendStack = FakeSendStack.Create(transports);
        f.Daemon.AlertmanagerRouting = new AlertmanagerRouting([], ["bob"]);
        var env = new JsonObject();
        foreach (var (key, value) in environment)
        {
            env[key] = value;
        }

        var body = new JsonObject { ["integration"] = integration, ["args"] = new JsonArray([.. args.Select(a => (JsonNode?)a)]), ["environment"] = env };

        var (status, response) = await ControlIntegrationSendTests.PostAsync(f, body.ToJsonString());

        Assert.True(status == 200, response);
        return Assert.Single(transports.Messages).Text;
    }
}
