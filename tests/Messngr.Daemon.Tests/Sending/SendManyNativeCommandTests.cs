using System.Text.Json;
using Messngr.Cli;
using Messngr.Cli.Commands;
using Messngr.Daemon.Native;
using Messngr.Daemon.Tests.Control;
using Messngr.Daemon.Tests.Users;

namespace Messngr.Daemon.Tests.Sending;

/// <summary>
/// Issue #13, many: <c>messngr send</c> hands every native recipient of one command to the daemon
/// in ONE control request (counted at a relaying control socket), prints the results in the
/// recipients' order with the usual exit codes, and takes <c>NAME@HOST:PORT</c> for the native
/// transport only.
/// </summary>
public sealed class SendManyNativeCommandTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static CancellationToken Timeout() => new CancellationTokenSource(TimeSpan.FromSeconds(120)).Token;

    private static async Task<(ControlServerFixture Fixture, FakeNativeDelivery Delivery, CountingControlProxy Proxy)> StartAsync()
    {
        var f = await ControlServerFixture.StartAsync();
        var delivery = new FakeNativeDelivery(f.Daemon)
        {
            Answer = m => m.Recipient switch
            {
                "CAROL" => new NativeSendResult(NativeSendOutcome.Unreachable, null, "node unreachable (connection refused)"),
                "ERIN" => new NativeSendResult(NativeSendOutcome.Refused, null, "not-here: no such name"),
                _ => new NativeSendResult(NativeSendOutcome.Delivered, FakeNativeDelivery.NodeIdText, "delivered"),
            },
        };
        f.Daemon.Delivery = delivery;
        return (f, delivery, new CountingControlProxy(f.Server.SocketPath));
    }

    private static Task<int> Send(CountingControlProxy proxy, ControlServerFixture f, out StringWriter output, out StringWriter error, params string[] args) =>
        SendCommand.RunAsync(
            ["--config", "/dev/null", "--netbios-name", "TESTHOST", "--resolve-order", "lmhosts", "--lmhosts", "/dev/null", "--state-dir", proxy.StateDirectory, .. args],
            f.Context(out output, out error), () => new StringReader(string.Empty), inputRedirected: true, Timeout());

    private string List(params string[] lines)
    {
        var path = Path.Combine(_dir.Path, "list");
        File.WriteAllLines(path, lines);
        return "@" + path;
    }

    [Fact]
    public async Task Every_native_recipient_of_one_send_goes_in_one_request_and_prints_in_order()
    {
        var (f, delivery, proxy) = await StartAsync();
        await using var owned = f;
        await using var relay = proxy;

        var code = await Send(proxy, f, out var output, out var error, "--native", "--expire", "1d", List("BOB", "CAROL", "DAVE@10.0.0.9:2500", "ERIN", "FRANK"), "lunch?");

        Assert.Equal(["POST /v1/send HTTP/1.0"], proxy.Requests);
        Assert.Equal(["BOB", "CAROL", "DAVE@10.0.0.9:2500", "ERIN", "FRANK"], delivery.Submitted.Select(m => m.Recipient).Order(StringComparer.Ordinal));
        Assert.Equal(ExitCodes.TimedOut, code); // the first that failed: CAROL, queued
        var delivered = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["BOB", "DAVE@10.0.0.9:2500", "FRANK"], delivered.Select(l => l[..l.IndexOf(": delivered over native", StringComparison.Ordinal)]));
        var failed = error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, failed.Length);
        Assert.Matches("^messngr send: CAROL: queued: node unreachable \\(connection refused\\); retried until [0-9-]+ [0-9:]+ UTC — see 'messngr sent ", failed[0]);
        Assert.StartsWith("messngr send: ERIN: name not found over native", failed[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Json_has_one_entry_per_recipient_in_order_with_its_own_message_id()
    {
        var (f, delivery, proxy) = await StartAsync();
        await using var owned = f;
        await using var relay = proxy;

        var code = await Send(proxy, f, out var output, out _, "--native", "--json", "--expire", "1d", List("FRANK", "CAROL", "BOB"), "hi");

        Assert.Equal(ExitCodes.TimedOut, code);
        Assert.Single(proxy.Requests);
        var entries = JsonDocument.Parse(output.ToString()).RootElement.EnumerateArray().ToList();
        Assert.Equal(["FRANK", "CAROL", "BOB"], entries.Select(e => e.GetProperty("recipient").GetString()));
        Assert.Equal([0, ExitCodes.TimedOut, 0], entries.Select(e => e.GetProperty("exitCode").GetInt32()));
        var ids = delivery.Submitted.ToDictionary(m => m.Recipient, m => m.Id.ToString());
        Assert.Equal([ids["FRANK"], ids["CAROL"], ids["BOB"]], entries.Select(e => e.GetProperty("messageId").GetString()));
        Assert.Equal(JsonValueKind.String, entries[1].GetProperty("retryUntil").ValueKind);
    }

    [Fact]
    public async Task Native_only_asks_the_daemon_nothing_but_the_send()
    {
        var (f, _, proxy) = await StartAsync();
        await using var owned = f;
        await using var relay = proxy;

        Assert.Equal(0, await Send(proxy, f, out _, out var error, "--native", "BOB", "hi"));

        Assert.True(proxy.Requests.SequenceEqual(["POST /v1/send HTTP/1.0"]), string.Join(", ", proxy.Requests) + error);
    }

    [Fact]
    public async Task Name_at_host_port_goes_natively_even_when_no_trusted_node_is_known_there()
    {
        var (f, delivery, proxy) = await StartAsync();
        await using var owned = f;
        await using var relay = proxy;

        var code = await Send(proxy, f, out var output, out var error, "bob@10.0.0.9:2500", "hi");

        Assert.True(code == 0, error.ToString());
        Assert.Equal("bob@10.0.0.9:2500", Assert.Single(delivery.Submitted).Recipient);
        Assert.StartsWith("bob@10.0.0.9:2500: delivered over native", output.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--transport", "smb", "--transport smb")]
    [InlineData("--transport", "rpc", "--transport rpc")]
    [InlineData("--transport", "mailslot", "--transport mailslot")]
    [InlineData("/server:10.0.0.5", null, "/server:HOST")]
    public async Task A_port_with_a_classic_transport_is_a_usage_error(string option, string? value, string named)
    {
        var (f, delivery, proxy) = await StartAsync();
        await using var owned = f;
        await using var relay = proxy;
        string[] args = value is null ? [option, "bob@10.0.0.7:2426", "hi"] : [option, value, "bob@10.0.0.7:2426", "hi"];

        var ex = await Assert.ThrowsAsync<UsageException>(() => Send(proxy, f, out _, out _, args));

        Assert.Contains("bob@10.0.0.7:2426: a port (NAME@HOST:PORT) is for the native transport only, not for " + named, ex.Message, StringComparison.Ordinal);
        Assert.Empty(delivery.Submitted);
    }
}
