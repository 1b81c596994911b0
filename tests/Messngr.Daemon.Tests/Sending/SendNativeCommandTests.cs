using System.Net;
using System.Text.Json;
using Messngr.Cli;
using Messngr.Cli.Commands;
using Messngr.Daemon.Core;
using Messngr.Daemon.Native;
using Messngr.Daemon.Sending;
using Messngr.Daemon.Tests.Control;
using Messngr.Daemon.Tests.Hosting;
using Messngr.Daemon.Tests.Native;
using Messngr.Daemon.Tests.Users;

namespace Messngr.Daemon.Tests.Sending;

/// <summary>
/// Issue #13, item 8: <c>messngr send</c> natively through a control server with a fake
/// <see cref="INativeDelivery"/> and a peer table: auto picks native for a trusted node only, the
/// result says path and verification, exit codes follow the outcome, --wait waits for the read.
/// </summary>
public sealed class SendNativeCommandTests : IDisposable
{
    private readonly TempDirectory _trustDir = new();

    public void Dispose() => _trustDir.Dispose();

    private static CancellationToken Timeout() => new CancellationTokenSource(TimeSpan.FromSeconds(120)).Token;

    private async Task<(ControlServerFixture Fixture, FakeNativeDelivery Delivery, NodeId Bob)> StartAsync()
    {
        var f = await ControlServerFixture.StartAsync();
        var trust = TrustStore.Open(_trustDir.Path);
        var bob = TrustStoreTests.Id("bob");
        trust.Add(new TrustEntry(bob, "BOB", DateTimeOffset.UtcNow, 0, TrustSource.Manual));
        var peers = new PeerTable(8, trust, [], TimeProvider.System, new CapturingLogger());
        peers.Announced(bob, ["BOB"], IPAddress.Parse("10.13.0.2"), 2426);
        peers.Announced(TrustStoreTests.Id("mallory"), ["MALLORY"], IPAddress.Parse("10.13.0.66"), 2426);
        f.Daemon.Peers = peers;
        var delivery = new FakeNativeDelivery(f.Daemon) { Answer = _ => new NativeSendResult(NativeSendOutcome.Delivered, bob.ToString(), $"delivered over native to {bob} (verified)") };
        f.Daemon.Delivery = delivery;
        return (f, delivery, bob);
    }

    private static Task<int> Send(ControlServerFixture f, out StringWriter output, out StringWriter error, params string[] args) =>
        SendCommand.RunAsync(
            ["--config", "/dev/null", "--netbios-name", "TESTHOST", "--resolve-order", "lmhosts", "--lmhosts", "/dev/null", "--state-dir", f.StateDirectory, .. args],
            f.Context(out output, out error), () => new StringReader(string.Empty), inputRedirected: true, Timeout());

    [Fact]
    public async Task Auto_sends_to_a_trusted_announced_name_natively_and_says_it_is_verified()
    {
        var (f, delivery, bob) = await StartAsync();
        await using var _ = f;

        var code = await Send(f, out var output, out var error, "--priority", "high", "--expire", "2h", "--sealed", "bob", "lunch?");

        Assert.True(code == 0, error.ToString());
        var sent = Assert.Single(delivery.Submitted);
        Assert.Equal(("bob", "lunch?", Priority.High, true), (sent.Recipient, sent.Text, sent.Priority, sent.Sealed));
        Assert.InRange((sent.ExpiresAt!.Value - sent.CreatedAt).TotalSeconds, 7199, 7201);
        Assert.StartsWith($"bob: delivered over native to node {bob.ToString()[..7]}… (verified): stored", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_correlation_key_travels_to_the_daemon_with_the_message()
    {
        var (f, delivery, _) = await StartAsync();
        await using var __ = f;

        var code = await Send(f, out _, out var error, "--native", "--correlation-key", "build-42", "bob", "build 42 passed");

        Assert.True(code == 0, error.ToString());
        Assert.Equal("build-42", Assert.Single(delivery.Submitted).CorrelationKey);
        Assert.Equal(0, await Send(f, out _, out _, "--native", "bob", "no key"));
        Assert.Null(delivery.Submitted.Last().CorrelationKey);
    }

    [Fact]
    public async Task Auto_sends_an_untrusted_or_unknown_name_the_classic_way()
    {
        var (f, delivery, _) = await StartAsync();
        await using var __ = f;

        Assert.Equal(ExitCodes.NameNotFound, await Send(f, out _, out var error, "mallory", "hi"));
        Assert.Equal(ExitCodes.NameNotFound, await Send(f, out _, out _, "carol", "hi"));

        Assert.Empty(delivery.Submitted);
        Assert.DoesNotContain("native", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Json_says_native_authenticated_message_id_and_state()
    {
        var (f, delivery, bob) = await StartAsync();
        await using var __ = f;

        Assert.Equal(0, await Send(f, out var output, out _, "--json", "bob", "hi"));

        var result = JsonDocument.Parse(output.ToString()).RootElement[0];
        Assert.Equal("native", result.GetProperty("transport").GetString());
        Assert.True(result.GetProperty("authenticated").GetBoolean());
        Assert.Equal(Assert.Single(delivery.Submitted).Id.ToString(), result.GetProperty("messageId").GetString());
        Assert.Equal("stored", result.GetProperty("state").GetString());
        Assert.Equal(bob.ToString(), result.GetProperty("nodeId").GetString());
        Assert.Equal(0, result.GetProperty("exitCode").GetInt32());
    }

    [Theory]
    [InlineData("Refused", "not-here: no such name", ExitCodes.NameNotFound, "name-not-found")]
    [InlineData("Refused", "expired: too old", ExitCodes.DataError, "expired")]
    [InlineData("Refused", "policy: not accepted", ExitCodes.Permission, "refused")]
    [InlineData("Untrusted", "REMOTE NODE IDENTIFICATION HAS CHANGED", ExitCodes.Permission, "refused")]
    public async Task Native_refusals_map_to_their_exit_codes(string outcome, string detail, int exitCode, string word)
    {
        var (f, delivery, _) = await StartAsync();
        await using var __ = f;
        delivery.Answer = _ => new NativeSendResult(Enum.Parse<NativeSendOutcome>(outcome), null, detail);

        Assert.Equal(exitCode, await Send(f, out var output, out _, "--native", "--json", "bob", "hi"));
        Assert.Equal(word, JsonDocument.Parse(output.ToString()).RootElement[0].GetProperty("outcome").GetString());
    }

    [Fact]
    public async Task A_queued_message_exits_75_and_says_until_when_it_is_retried()
    {
        var (f, delivery, _) = await StartAsync();
        await using var __ = f;
        delivery.Answer = m => new NativeSendResult(NativeSendOutcome.Unreachable, null, "node unreachable (connection refused)");

        Assert.Equal(ExitCodes.TimedOut, await Send(f, out _, out var error, "--native", "--expire", "1d", "bob", "hi"));

        var id = Assert.Single(delivery.Submitted).Id;
        Assert.Matches($"^messngr send: bob: queued: node unreachable \\(connection refused\\); retried until [0-9-]+ [0-9:]+ UTC — see 'messngr sent {id}'", error.ToString());
    }

    [Fact]
    public async Task Native_only_without_a_daemon_exits_69_with_the_usual_message()
    {
        using var empty = new TempDirectory();
        var code = await SendCommand.RunAsync(
            ["--config", "/dev/null", "--netbios-name", "TESTHOST", "--state-dir", empty.Path, "--native", "bob", "hi"],
            new Messngr.Cli.Control.CommandContext(new StringWriter(), new StringWriter(), new Dictionary<string, string>(), false) { Users = new(new Dictionary<uint, string>()) },
            () => new StringReader(string.Empty), inputRedirected: true, Timeout());

        Assert.Equal(ExitCodes.Unavailable, code);
    }

    [Fact]
    public async Task Native_only_refuses_a_broadcast()
    {
        var (f, delivery, _) = await StartAsync();
        await using var __ = f;

        Assert.Equal(ExitCodes.DataError, await Send(f, out _, out var error, "--native", "*", "hi"));
        Assert.Contains("only NAME or NAME@HOST", error.ToString(), StringComparison.Ordinal);
        Assert.Empty(delivery.Submitted);
    }

    [Fact]
    public async Task Wait_exits_0_once_read_and_75_when_not_read_in_time()
    {
        var (f, delivery, _) = await StartAsync();
        await using var __ = f;

        var waiting = Send(f, out var output, out _, "/w", "/time:300", "bob", "hi");
        await delivery.WaitStarted.Task.WaitAsync(TimeSpan.FromSeconds(60));
        delivery.Reach(Assert.Single(delivery.Submitted).Id, ReceiptState.Read);
        Assert.Equal(0, await waiting);
        Assert.Contains("delivered over native", output.ToString(), StringComparison.Ordinal);
        Assert.Contains(": read", output.ToString(), StringComparison.Ordinal);

        Assert.Equal(ExitCodes.TimedOut, await Send(f, out _, out var error, "--wait", "--time", "0.2", "bob", "hi"));
        Assert.Contains("not read within 0.2 s (it is stored)", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Classic_results_say_unverified()
    {
        var line = SendResultLine.Format(new RecipientResult(new Recipient("bob", RecipientForm.Name, "bob"), SendOutcome.Delivered, SendTransport.Smb, IPAddress.Parse("192.0.2.5"), "BOB", "ok"));
        Assert.Equal("bob: delivered over smb to 192.0.2.5 (unverified): ok", line);
        await Task.CompletedTask;
    }
}
