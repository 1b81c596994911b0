using System.Diagnostics;
using System.Net;
using Messngr.Daemon.Resolution;
using Messngr.Wire.NetBios;
using Messngr.Wire.NetBios.NameService;

namespace Messngr.Daemon.Tests.Resolution;

/// <summary>
/// The resolver against scripted NBNS peers on loopback (RFC 1002 4.2.12–4.2.16, protocols.md
/// §2.3, §2.7): positive, negative, silence, garbage, wrong ids, spoofed senders, group answers,
/// WACK, and the resolve order falling through.
/// </summary>
public sealed class NameResolverTests : IDisposable
{
    private static readonly NetBiosName HostB = NetBiosName.Create("HOSTB", 0x03);
    private static readonly IPAddress HostBAddress = IPAddress.Parse("10.99.0.12");
    private readonly string _directory = Directory.CreateTempSubdirectory("messngr-resolve-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static ResolutionSettings Settings(int port, params ResolutionMethod[] order) => new()
    {
        Order = order,
        BindAddress = IPAddress.Loopback,
        BroadcastAddresses = [IPAddress.Loopback],
        NameServicePort = port,
        BroadcastRetryTimeout = TimeSpan.FromMilliseconds(100),
        UnicastRetryTimeout = TimeSpan.FromMilliseconds(150),
        LmhostsPath = "/nonexistent/lmhosts",
    };

    private static byte[] Positive(NbnsPacket request, NetBiosName name, IPAddress address, bool group = false) =>
        NbnsPackets.PositiveQueryResponse(
            request.TransactionId, name, 300_000, [new NbAddressEntry(NbFlags.Create(group, NbnsNodeType.BNode), address)]).ToArray();

    private static Task<NameResolution> Resolve(ResolutionSettings settings, NetBiosName? name = null) =>
        new NameResolver(settings).ResolveAsync(name ?? HostB, CancellationToken.None);

    private string Lmhosts(string text)
    {
        var path = Path.Combine(_directory, "lmhosts");
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public async Task Broadcast_query_with_a_positive_answer_finds_the_address()
    {
        using var peer = new NbnsResponder((q, _) => [Positive(q, q.Question!.Name, HostBAddress)]);
        var result = await Resolve(Settings(peer.Port, ResolutionMethod.Broadcast));
        Assert.True(result.Found, string.Join('\n', result.Steps));
        Assert.Equal([HostBAddress], result.Addresses);
        Assert.Equal(ResolutionMethod.Broadcast, result.Method);
        Assert.False(result.IsGroup);
        var request = Assert.Single(peer.Requests);
        Assert.Equal(0x0110, request.Flags.Value);
        Assert.Equal(NbnsRrType.NB, request.Question!.Type);
        Assert.Equal(HostB, request.Question.Name);
        Assert.Contains("broadcast on 127.0.0.1: 10.99.0.12", result.Steps);
    }

    [Fact]
    public async Task Broadcast_silence_is_three_transmissions_with_one_id_250ms_apart_in_the_defaults_then_not_found()
    {
        using var peer = new NbnsResponder((_, _) => []);
        var settings = Settings(peer.Port, ResolutionMethod.Broadcast);
        Assert.Equal(TimeSpan.FromMilliseconds(250), ResolutionSettings.Default.BroadcastRetryTimeout);
        Assert.Equal(3, ResolutionSettings.Default.BroadcastRetryCount);
        var watch = Stopwatch.StartNew();
        var result = await Resolve(settings);
        Assert.False(result.Found);
        Assert.Null(result.Method);
        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(290), watch.Elapsed.ToString());
        Assert.Equal(3, peer.Requests.Count);
        Assert.Single(peer.Requests.Select(r => r.TransactionId).Distinct());
        Assert.Equal(["broadcast on 127.0.0.1: no answer in 0.3 s"], result.Steps);
    }

    [Fact]
    public async Task Garbage_wrong_ids_other_names_and_requests_are_ignored_and_the_real_answer_counts()
    {
        var other = NetBiosName.Create("OTHER", 0x03);
        using var peer = new NbnsResponder((q, _) =>
        [
            [0xde, 0xad, 0xbe, 0xef],
            Positive(new NbnsPacket((ushort)(q.TransactionId + 1), q.Flags), HostB, IPAddress.Parse("10.0.0.66")),
            Positive(q, other, IPAddress.Parse("10.0.0.67")),
            NbnsPackets.NameQuery(q.TransactionId, HostB, broadcast: true).ToArray(),
            Positive(q, HostB, HostBAddress),
        ]);
        var result = await Resolve(Settings(peer.Port, ResolutionMethod.Broadcast));
        Assert.Equal([HostBAddress], result.Addresses);
        Assert.Contains("4 unexpected or malformed datagrams ignored", Assert.Single(result.Steps), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Only_garbage_is_no_answer()
    {
        using var peer = new NbnsResponder((q, _) => [[0x00, 0x01, 0x02], new byte[600]]);
        var result = await Resolve(Settings(peer.Port, ResolutionMethod.Broadcast));
        Assert.False(result.Found);
        Assert.Contains("no answer", Assert.Single(result.Steps), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_hosts_answering_a_group_name_are_both_kept_once_each()
    {
        var lab = NetBiosName.Create("LAB", 0x00);
        var first = IPAddress.Parse("10.99.0.11");
        var second = IPAddress.Parse("10.99.0.12");
        using var a = new NbnsResponder((q, _) => [Positive(q, lab, first, group: true), Positive(q, lab, first, group: true)]);
        using var b = new NbnsResponder((q, _) => [Positive(q, lab, second, group: true)], IPAddress.Parse("127.0.0.2"), a.Port);
        var settings = Settings(a.Port, ResolutionMethod.Broadcast) with { BroadcastAddresses = [IPAddress.Loopback, IPAddress.Parse("127.0.0.2")] };
        var result = await Resolve(settings, lab);
        Assert.Equal([first, second], result.Addresses.OrderBy(x => x.ToString()).ToList());
        Assert.True(result.IsGroup);
        Assert.Single(a.Requests);
        Assert.Single(b.Requests);
    }

    [Fact]
    public async Task Wins_query_is_unicast_with_RD_and_its_positive_answer_is_final()
    {
        using var wins = new NbnsResponder((q, _) => [NbnsPackets.PositiveQueryResponse(
            q.TransactionId, HostB, 21_600, [new NbAddressEntry(NbFlags.Create(false, NbnsNodeType.PNode), HostBAddress)], recursionAvailable: true).ToArray()]);
        var settings = Settings(1, ResolutionMethod.Wins) with { WinsServer = wins.EndPoint };
        var result = await Resolve(settings);
        Assert.Equal([HostBAddress], result.Addresses);
        Assert.Equal(ResolutionMethod.Wins, result.Method);
        Assert.Equal(0x0100, Assert.Single(wins.Requests).Flags.Value);
    }

    [Fact]
    public async Task Wins_negative_response_falls_through_to_lmhosts()
    {
        using var wins = new NbnsResponder((q, _) => [NbnsPackets.NegativeQueryResponse(q.TransactionId, HostB, recursionAvailable: true).ToArray()]);
        var settings = Settings(1, ResolutionMethod.Wins, ResolutionMethod.Lmhosts) with
        {
            WinsServer = wins.EndPoint,
            LmhostsPath = Lmhosts("10.1.1.1 HOSTB#03\n"),
        };
        var result = await Resolve(settings);
        Assert.Equal(ResolutionMethod.Lmhosts, result.Method);
        Assert.Equal([IPAddress.Parse("10.1.1.1")], result.Addresses);
        // The negative answer ends the WINS method at once: one transmission, no retries waited out
        // (counted, not timed: a timed check failed on a loaded machine).
        Assert.Single(wins.Requests);
        Assert.StartsWith($"wins {wins.EndPoint}: name not registered (negative response, NAM_ERR)", result.Steps[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Wins_answer_from_another_address_is_spoofed_and_ignored()
    {
        using var spoofer = new NbnsResponder((_, _) => [], IPAddress.Parse("127.0.0.3"));
        using var wins = new NbnsResponder((q, from) =>
        {
            spoofer.Send(Positive(q, HostB, IPAddress.Parse("10.6.6.6")), from);
            return [];
        });
        var settings = Settings(1, ResolutionMethod.Wins) with { WinsServer = wins.EndPoint };
        var result = await Resolve(settings);
        Assert.False(result.Found);
        Assert.Equal(3, wins.Requests.Count);
        Assert.Contains("ignored", Assert.Single(result.Steps), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Wins_WACK_stops_retransmissions_and_waits_for_the_late_answer()
    {
        NbnsResponder? wins = null;
        wins = new NbnsResponder((q, from) =>
        {
            _ = Task.Delay(700).ContinueWith(_ => wins!.Send(Positive(q, HostB, HostBAddress), from), TaskScheduler.Default);
            return [NbnsPackets.Wack(q, 2).ToArray()];
        });
        using (wins)
        {
            // Without the WACK the method would give up after 3 × 150 ms.
            var result = await Resolve(Settings(1, ResolutionMethod.Wins) with { WinsServer = wins.EndPoint });
            Assert.Equal([HostBAddress], result.Addresses);
            Assert.Single(wins.Requests);
        }
    }

    [Fact]
    public async Task Silent_wins_server_times_out_after_three_unicast_transmissions()
    {
        using var wins = new NbnsResponder((_, _) => []);
        var result = await Resolve(Settings(1, ResolutionMethod.Wins) with { WinsServer = wins.EndPoint });
        Assert.False(result.Found);
        Assert.Equal(3, wins.Requests.Count);
        Assert.Equal([$"wins {wins.EndPoint}: no answer in 0.45 s"], result.Steps);
        Assert.Equal(TimeSpan.FromMilliseconds(1500), ResolutionSettings.Default.UnicastRetryTimeout);
    }

    [Fact]
    public async Task Resolve_order_is_followed_lmhosts_before_broadcast_means_no_query_is_sent()
    {
        using var peer = new NbnsResponder((q, _) => [Positive(q, HostB, HostBAddress)]);
        var settings = Settings(peer.Port, ResolutionMethod.Lmhosts, ResolutionMethod.Broadcast) with { LmhostsPath = Lmhosts("10.2.2.2 HOSTB\n") };
        var result = await Resolve(settings);
        Assert.Equal(ResolutionMethod.Lmhosts, result.Method);
        Assert.Equal([IPAddress.Parse("10.2.2.2")], result.Addresses);
        Assert.Empty(peer.Requests);
    }

    [Fact]
    public async Task Missing_cache_wins_and_lmhosts_are_skipped_with_a_step_each_and_broadcast_still_answers()
    {
        using var peer = new NbnsResponder((q, _) => [Positive(q, HostB, HostBAddress)]);
        var settings = Settings(peer.Port, ResolutionMethod.Cache, ResolutionMethod.Wins, ResolutionMethod.Lmhosts, ResolutionMethod.Broadcast);
        var result = await Resolve(settings);
        Assert.Equal(ResolutionMethod.Broadcast, result.Method);
        Assert.Equal(
            [
                "cache: skipped (no local daemon to ask)",
                "wins: skipped (no WINS server configured)",
                "lmhosts /nonexistent/lmhosts: no such file, skipped",
                "broadcast on 127.0.0.1: 10.99.0.12",
            ],
            result.Steps);
    }

    [Fact]
    public async Task Cache_delegate_answers_first_and_an_empty_answer_falls_through()
    {
        var asked = new List<NetBiosName>();
        var settings = Settings(1, ResolutionMethod.Cache) with
        {
            Cache = (name, _) =>
            {
                asked.Add(name);
                return Task.FromResult<IReadOnlyList<IPAddress>?>(name == HostB ? [IPAddress.Parse("10.3.3.3")] : null);
            },
        };
        var found = await Resolve(settings);
        Assert.Equal(ResolutionMethod.Cache, found.Method);
        Assert.Equal([IPAddress.Parse("10.3.3.3")], found.Addresses);
        var missing = await Resolve(settings, NetBiosName.Create("NOBODY", 3));
        Assert.False(missing.Found);
        Assert.Equal(["cache: NOBODY<03> not known to the local daemon"], missing.Steps);
        Assert.Equal(2, asked.Count);
    }

    [Fact]
    public async Task Cache_delegate_that_fails_is_skipped_and_the_next_method_runs()
    {
        var settings = Settings(1, ResolutionMethod.Cache, ResolutionMethod.Lmhosts) with
        {
            Cache = (_, _) => throw new IOException("control socket gone"),
            LmhostsPath = Lmhosts("10.4.4.4 HOSTB#03\n"),
        };
        var result = await Resolve(settings);
        Assert.Equal(ResolutionMethod.Lmhosts, result.Method);
        Assert.Equal("cache: the local daemon could not be asked (control socket gone), skipped", result.Steps[0]);
    }

    [Fact]
    public async Task Dns_method_resolves_localhost_to_IPv4_only()
    {
        var result = await Resolve(Settings(1, ResolutionMethod.Dns), NetBiosName.Create("localhost", 0x20));
        Assert.Equal(ResolutionMethod.Dns, result.Method);
        Assert.Contains(IPAddress.Loopback, result.Addresses);
        Assert.All(result.Addresses, a => Assert.Equal(System.Net.Sockets.AddressFamily.InterNetwork, a.AddressFamily));
    }

    [Fact]
    public async Task Dns_method_refuses_a_name_that_is_no_host_name_without_asking()
    {
        var result = await Resolve(Settings(1, ResolutionMethod.Dns), NetBiosName.Create("BAD_NAME!", 0x03));
        Assert.False(result.Found);
        Assert.Equal(["dns BAD_NAME!: 'BAD_NAME!' is not a valid host name"], result.Steps);
    }

    [Fact]
    public void Resolve_order_parses_Samba_spellings_and_rejects_unknown_and_repeated_methods()
    {
        Assert.Equal(
            [ResolutionMethod.Lmhosts, ResolutionMethod.Wins, ResolutionMethod.Dns, ResolutionMethod.Broadcast],
            ResolutionSettings.ParseOrder("lmhosts wins host bcast"));
        Assert.Equal([ResolutionMethod.Cache, ResolutionMethod.Broadcast, ResolutionMethod.Dns], ResolutionSettings.ParseOrder("cache,broadcast, dns"));
        Assert.Contains("'nis'", Assert.Throws<ArgumentException>(() => ResolutionSettings.ParseOrder("wins,nis")).Message, StringComparison.Ordinal);
        Assert.Contains("twice", Assert.Throws<ArgumentException>(() => ResolutionSettings.ParseOrder("wins,WINS")).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => ResolutionSettings.ParseOrder(" , "));
        Assert.Equal(ResolutionSettings.DefaultOrder, ResolutionSettings.Default.Order);
    }

    [Fact]
    public void Broadcast_addresses_come_from_non_loopback_interfaces_unless_one_is_chosen()
    {
        var interfaces = new FixedInterfaces(
            new Messngr.Daemon.Names.NbnsInterface(IPAddress.Loopback, IPAddress.Parse("127.255.255.255"), new System.Net.NetworkInformation.PhysicalAddress(new byte[6]), true),
            new Messngr.Daemon.Names.NbnsInterface(IPAddress.Parse("10.99.0.13"), IPAddress.Parse("10.99.0.255"), new System.Net.NetworkInformation.PhysicalAddress(new byte[6]), false),
            new Messngr.Daemon.Names.NbnsInterface(IPAddress.Parse("192.168.7.1"), null, new System.Net.NetworkInformation.PhysicalAddress(new byte[6]), false));
        var all = new ResolutionSettings { Interfaces = interfaces };
        Assert.Equal([IPAddress.Parse("10.99.0.255")], all.CurrentBroadcastAddresses());
        Assert.Equal([IPAddress.Parse("127.255.255.255")], (all with { BindAddress = IPAddress.Loopback }).CurrentBroadcastAddresses());
        Assert.Empty((all with { BindAddress = IPAddress.Parse("192.168.7.1") }).CurrentBroadcastAddresses());
    }

    [Fact]
    public void Timeout_splits_the_total_over_the_retransmissions()
    {
        var settings = ResolutionSettings.Default.WithTimeout(TimeSpan.FromSeconds(3));
        Assert.Equal(TimeSpan.FromSeconds(1), settings.BroadcastRetryTimeout);
        Assert.Equal(TimeSpan.FromSeconds(1), settings.UnicastRetryTimeout);
        Assert.Equal(TimeSpan.FromSeconds(3), settings.DnsTimeout);
    }

    private sealed class FixedInterfaces(params Messngr.Daemon.Names.NbnsInterface[] interfaces) : Messngr.Daemon.Names.INetworkInterfaces
    {
        public IReadOnlyList<Messngr.Daemon.Names.NbnsInterface> Current() => interfaces;
    }
}
