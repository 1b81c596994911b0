using System.Text.Json;
using Messngr.Cli;
using Messngr.Cli.Commands;
using Messngr.Daemon.Control.Api;
using Messngr.Daemon.Core;
using Messngr.Daemon.Tests.Control;

namespace Messngr.Daemon.Tests.Sending;

/// <summary>Issue #13, item 8: <c>messngr sent [ID]</c> against a control server with a fake native delivery.</summary>
public sealed class SentCommandTests
{
    private static CancellationToken Timeout() => new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token;

    [Fact]
    public async Task Sent_shows_a_table_newest_first_and_one_messages_receipts_in_order()
    {
        await using var f = await ControlServerFixture.StartAsync();
        var delivery = new FakeNativeDelivery(f.Daemon);
        f.Daemon.Delivery = delivery;
        var first = await f.Client.SendNativeAsync(new NativeSendRequest("BOB", "one"), TimeSpan.FromSeconds(30), CancellationToken.None);
        // an escape in a name is refused by the daemon: nothing to show
        await Assert.ThrowsAsync<Messngr.Cli.Control.ControlClientException>(() => f.Client.SendNativeAsync(new NativeSendRequest("CAROL\u001b[31m", "two"), TimeSpan.FromSeconds(30), CancellationToken.None));
        var third = await f.Client.SendNativeAsync(new NativeSendRequest("DAVE", "three"), TimeSpan.FromSeconds(30), CancellationToken.None);
        Assert.True(MessageId.TryParse(third.MessageId, out var thirdId, out _));
        delivery.Reach(thirdId, ReceiptState.Read);

        Assert.Equal(0, await SentCommand.RunAsync(f.StateDirArgs(), f.Context(out var output, out _), Timeout()));
        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Matches("^ID +TO +STATE +SINCE +NODE$", lines[0]);
        Assert.Matches($"^{third.MessageId} +DAVE +read +[0-9-]+ [0-9:]+ UTC +P56IOI7$", lines[1]);
        Assert.Matches($"^{first.MessageId} +BOB +stored ", lines[2]);

        Assert.Equal(0, await SentCommand.RunAsync(f.StateDirArgs(third.MessageId), f.Context(out output, out _), Timeout()));
        var text = output.ToString();
        Assert.StartsWith($"message {third.MessageId} to DAVE from root", text, StringComparison.Ordinal);
        Assert.Contains("state    read after 1 attempt", text, StringComparison.Ordinal);
        var receipts = text.Split('\n').Where(l => l.StartsWith("  ", StringComparison.Ordinal)).Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[3]);
        Assert.Equal(["queued", "sent", "stored", "read"], receipts);

        Assert.Equal(0, await SentCommand.RunAsync(f.StateDirArgs("--json", "--limit", "1"), f.Context(out output, out _), Timeout()));
        var json = JsonDocument.Parse(output.ToString()).RootElement;
        Assert.Equal(1, json.GetArrayLength());
        Assert.Equal("read", json[0].GetProperty("state").GetString());
        Assert.Equal(4, json[0].GetProperty("receipts").GetArrayLength());
    }

    [Fact]
    public async Task An_unknown_id_exits_65_and_without_a_daemon_69()
    {
        await using var f = await ControlServerFixture.StartAsync();
        Assert.Equal(ExitCodes.DataError, await SentCommand.RunAsync(f.StateDirArgs(MessageId.New().ToString()), f.Context(out _, out var error), Timeout()));
        Assert.Contains("you sent no message", error.ToString(), StringComparison.Ordinal);

        using var empty = new Users.TempDirectory();
        Assert.Equal(ExitCodes.Unavailable, await SentCommand.RunAsync(["--state-dir", empty.Path, "--json"], f.Context(out var output, out _), Timeout()));
        Assert.Equal(ExitCodes.Unavailable, JsonDocument.Parse(output.ToString()).RootElement.GetProperty("exitCode").GetInt32());
    }
}
