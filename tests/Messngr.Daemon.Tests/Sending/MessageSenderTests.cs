using System.Net;
using Messngr.Daemon.Sending;
using Messngr.Wire.NetBios;

namespace Messngr.Daemon.Tests.Sending;

public sealed class MessageSenderTests
{
    private readonly FakeClassicTransports _transports = new();
    private readonly TableResolver _resolver = new(new() { ["BOB<03>"] = "192.0.2.5", ["HOSTB<00>"] = "192.0.2.2", ["Files.Example.LAN"] = "192.0.2.40", ["fileserver-building7"] = "192.0.2.41" });
    private readonly List<string> _trace = [];

    private MessageSender Sender(TimeSpan? timeout = null, params (string Local, string Broadcast)[] interfaces) => new(
        new SendSettings
        {
            ComputerName = "HOSTA",
            Workgroup = "LAB",
            BroadcastInterfaces = () => [.. interfaces.Select(i => (IPAddress.Parse(i.Local), IPAddress.Parse(i.Broadcast)))],
            Timeout = timeout ?? TimeSpan.FromSeconds(5),
        },
        _resolver,
        _transports,
        new NoLocalSessions());

    private async Task<RecipientResult> Send(string recipient, string text = "hi", SendTransport transport = SendTransport.Auto, string? server = null, MessageSender? sender = null)
    {
        Assert.True(RecipientParser.TryParse(recipient, out var parsed, out var error), error);
        var results = await (sender ?? Sender()).SendAsync(new SendRequest([parsed], "alice", text, transport, server), _trace.Add, CancellationToken.None);
        return Assert.Single(results);
    }

    [Fact]
    public async Task A_name_is_resolved_as_NAME_03_and_sent_over_smb_to_port_139()
    {
        var result = await Send("bob");
        Assert.Equal(SendOutcome.Delivered, result.Outcome);
        Assert.Equal(SendTransport.Smb, result.Transport);
        Assert.Equal(["BOB<03>"], _resolver.Asked);
        Assert.Equal(["smb 192.0.2.5:139 BOB<03> from HOSTA<00>"], _transports.Calls);
        Assert.Equal(new ClassicMessage("alice", "BOB", "hi"), _transports.Messages.Single());
    }

    [Fact]
    public async Task A_name_nobody_answers_for_is_name_not_found_with_the_steps_tried()
    {
        var result = await Send("carol");
        Assert.Equal(SendOutcome.NameNotFound, result.Outcome);
        Assert.Contains("CAROL<03>", result.Detail, StringComparison.Ordinal);
        Assert.Contains("no answer", result.Detail, StringComparison.Ordinal);
        Assert.Empty(_transports.Calls);
    }

    [Fact]
    public async Task A_refused_session_falls_back_to_rpc_as_windows_does()
    {
        _transports.Smb = (_, _) => new TransportResult(SendOutcome.Refused, "negative session response 0x82 (called name not present)", NoSession: true);
        var result = await Send("bob");
        Assert.Equal(SendOutcome.Delivered, result.Outcome);
        Assert.Equal(SendTransport.Rpc, result.Transport);
        Assert.Equal(["smb 192.0.2.5:139 BOB<03> from HOSTA<00>", "rpc 192.0.2.5:135"], _transports.Calls);
    }

    [Fact]
    public async Task When_the_fallback_fails_too_the_session_answer_is_reported_with_both()
    {
        _transports.Smb = (_, _) => new TransportResult(SendOutcome.Unreachable, "connection refused by 192.0.2.5:139", NoSession: true);
        _transports.Rpc = _ => new TransportResult(SendOutcome.Unreachable, "port 135 unreachable");
        var result = await Send("bob");
        Assert.Equal(SendOutcome.Unreachable, result.Outcome);
        Assert.Equal("connection refused by 192.0.2.5:139; rpc: port 135 unreachable", result.Detail);
    }

    [Fact]
    public async Task An_smb_error_from_the_messenger_itself_stands_without_fallback()
    {
        _transports.Smb = (_, _) => new TransportResult(SendOutcome.Refused, "SMB error ERRSRV/ERRmsgoff", 0);
        var result = await Send("bob");
        Assert.Equal(SendOutcome.Refused, result.Outcome);
        Assert.Single(_transports.Calls);
    }

    [Fact]
    public async Task Transport_smb_never_falls_back_and_transport_rpc_uses_only_rpc()
    {
        _transports.Smb = (_, _) => new TransportResult(SendOutcome.Unreachable, "refused", NoSession: true);
        Assert.Equal(SendOutcome.Unreachable, (await Send("bob", transport: SendTransport.Smb)).Outcome);
        Assert.Single(_transports.Calls);
        _transports.Calls.Clear();
        Assert.Equal(SendOutcome.Delivered, (await Send("bob", transport: SendTransport.Rpc)).Outcome);
        Assert.Equal(["rpc 192.0.2.5:135"], _transports.Calls);
    }

    [Fact]
    public async Task Star_broadcasts_to_the_workgroup_group_name_on_every_interface()
    {
        var sender = Sender(null, ("192.0.2.1", "192.0.2.255"), ("198.51.100.1", "198.51.100.255"));
        var result = await Send("*", "server down in 5 min", sender: sender);
        Assert.Equal(SendOutcome.AcceptedForBroadcast, result.Outcome);
        Assert.Equal(
            ["mailslot 192.0.2.255:138 HOSTA<00>->LAB<00> group from 192.0.2.1", "mailslot 198.51.100.255:138 HOSTA<00>->LAB<00> group from 198.51.100.1"],
            _transports.Calls);
        Assert.All(_transports.Messages, m => Assert.Equal("LAB", m.To));
        Assert.Contains("no confirmation", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Domain_with_a_name_broadcasts_to_that_workgroup()
    {
        var result = await Send("/domain:OTHER", sender: Sender(null, ("192.0.2.1", "192.0.2.255")));
        Assert.Equal(SendOutcome.AcceptedForBroadcast, result.Outcome);
        Assert.Contains("OTHER<00>", _transports.Calls.Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_broadcast_over_128_characters_is_refused_and_nothing_is_sent()
    {
        var result = await Send("*", new string('x', 129), sender: Sender(null, ("192.0.2.1", "192.0.2.255")));
        Assert.Equal(SendOutcome.Invalid, result.Outcome);
        Assert.Contains("at most 128 characters", result.Detail, StringComparison.Ordinal);
        Assert.Empty(_transports.Calls);
    }

    [Fact]
    public async Task A_broadcast_with_no_broadcast_interface_is_unreachable()
    {
        Assert.Equal(SendOutcome.Unreachable, (await Send("*")).Outcome);
    }

    [Fact]
    public async Task A_broadcast_cannot_go_over_smb()
    {
        Assert.Equal(SendOutcome.Invalid, (await Send("*", transport: SendTransport.Smb, sender: Sender(null, ("192.0.2.1", "192.0.2.255")))).Outcome);
    }

    [Fact]
    public async Task An_address_asks_node_status_for_the_messenger_name_to_call()
    {
        _transports.NodeStatusName = NetBiosName.Create("HOSTB", NetBiosName.SuffixMessenger);
        var result = await Send("192.0.2.2");
        Assert.Equal(SendOutcome.Delivered, result.Outcome);
        Assert.Equal(["nodestatus 192.0.2.2", "smb 192.0.2.2:139 HOSTB<03> from HOSTA<00>"], _transports.Calls);
        Assert.Equal("HOSTB", _transports.Messages.Single().To);
    }

    [Fact]
    public async Task An_address_without_node_status_calls_SMBSERVER()
    {
        await Send("192.0.2.2");
        Assert.Equal("smb 192.0.2.2:139 *SMBSERVER<20> from HOSTA<00>", _transports.Calls[1]);
    }

    [Fact]
    public async Task Name_at_host_resolves_only_the_host()
    {
        var result = await Send("carol@hostb");
        Assert.Equal(SendOutcome.Delivered, result.Outcome);
        Assert.Equal(["HOSTB<00>"], _resolver.Asked);
        Assert.Equal("smb 192.0.2.2:139 CAROL<03> from HOSTA<00>", _transports.Calls.Single());
    }

    [Fact]
    public async Task Name_at_a_fully_qualified_host_resolves_the_host_name_as_typed_not_cut_and_upper_cased()
    {
        // Issue #12, item 8: was cut to FILES.EXAMPLE.L<00> and upper-cased before DNS.
        var result = await Send("alice@Files.Example.LAN");
        Assert.Equal(SendOutcome.Delivered, result.Outcome);
        Assert.Equal(["host Files.Example.LAN"], _resolver.Asked);
        Assert.Equal("smb 192.0.2.40:139 ALICE<03> from HOSTA<00>", _transports.Calls.Single());
    }

    [Fact]
    public async Task Name_at_a_single_label_longer_than_15_characters_goes_to_the_system_resolver_whole()
    {
        var result = await Send("alice@fileserver-building7");
        Assert.Equal(SendOutcome.Delivered, result.Outcome);
        Assert.Equal(["host fileserver-building7"], _resolver.Asked);
    }

    [Fact]
    public async Task A_server_that_is_not_a_host_name_is_invalid_and_nothing_is_resolved()
    {
        var result = await Send("carol", server: "bad_host.example");
        Assert.Equal(SendOutcome.Invalid, result.Outcome);
        Assert.Contains("'bad_host.example' is not an IPv4 address or a host name", result.Detail, StringComparison.Ordinal);
        Assert.Empty(_resolver.Asked);
        Assert.Empty(_transports.Calls);
    }

    [Fact]
    public async Task Server_sends_a_name_through_that_host()
    {
        await Send("carol", server: "192.0.2.9");
        Assert.Empty(_resolver.Asked);
        Assert.Equal("smb 192.0.2.9:139 CAROL<03> from HOSTA<00>", _transports.Calls.Single());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)] // the timer is armed only when an asynchronous step asks for the token
    public async Task A_transport_that_hangs_ends_in_timed_out(bool blockingIo)
    {
        var hanging = new HangingResolver();
        var sender = new MessageSender(new SendSettings { ComputerName = "HOSTA", Timeout = TimeSpan.FromMilliseconds(100), BlockingIo = blockingIo }, hanging, _transports, new NoLocalSessions());
        Assert.True(RecipientParser.TryParse("bob", out var bob, out _));
        var result = Assert.Single(await sender.SendAsync(new SendRequest([bob], "alice", "hi"), null, CancellationToken.None));
        Assert.Equal(SendOutcome.TimedOut, result.Outcome);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_SMB_path_gets_the_recipients_deadline_and_with_blocking_io_a_token_no_timer_cancels(bool blockingIo)
    {
        var sender = new MessageSender(new SendSettings { ComputerName = "HOSTA", Timeout = TimeSpan.FromMilliseconds(200), BlockingIo = blockingIo }, _resolver, _transports, new NoLocalSessions());
        var cancelled = false;
        _transports.Smb = (_, _) =>
        {
            // Inside the SMB call, past the recipient's timeout: an armed timer cancels the token
            // (its callback may run late on a busy pool, hence the wait); an unarmed one never does.
            var (deadline, token) = _transports.SmbWaits[^1];
            Thread.Sleep(deadline.Remaining + TimeSpan.FromMilliseconds(20));
            cancelled = SpinWait.SpinUntil(() => token.IsCancellationRequested, blockingIo ? 400 : 10_000);
            return new TransportResult(SendOutcome.Delivered, "ok", 1);
        };
        await Send("bob@192.0.2.9", sender: sender);
        var (deadline, _) = Assert.Single(_transports.SmbWaits);
        Assert.Equal(TimeSpan.Zero, deadline.Remaining);
        Assert.Equal(!blockingIo, cancelled);
    }

    [Fact]
    public async Task Several_recipients_get_one_result_each_in_order()
    {
        Assert.True(RecipientParser.TryParse("bob", out var bob, out _));
        Assert.True(RecipientParser.TryParse("carol", out var carol, out _));
        var results = await Sender().SendAsync(new SendRequest([bob, carol], "alice", "hi"), null, CancellationToken.None);
        Assert.Equal([SendOutcome.Delivered, SendOutcome.NameNotFound], results.Select(r => r.Outcome));
    }

    private sealed class NoLocalSessions : ILocalSessions
    {
        public Task<RecipientResult> ShowAsync(Recipient recipient, string text, CancellationToken cancellationToken) =>
            Task.FromResult(new RecipientResult(recipient, SendOutcome.NameNotFound, null, null, null, "nobody"));
    }

    private sealed class HangingResolver : Messngr.Daemon.Resolution.INameResolver
    {
        public async Task<Messngr.Daemon.Resolution.NameResolution> ResolveAsync(NetBiosName name, CancellationToken cancellationToken)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            throw new InvalidOperationException("unreachable");
        }

        public async Task<Messngr.Daemon.Resolution.NameResolution> ResolveHostAsync(string host, CancellationToken cancellationToken)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            throw new InvalidOperationException("unreachable");
        }
    }
}
