using System.Net;

namespace Messngr.Daemon.Options;

/// <summary>
/// Everything <c>messngr serve</c> needs, with defaults in code (style.md: one immutable record
/// per concern, validated at start). Built by <see cref="ServeOptionsLoader"/> from the
/// defaults, /etc/messngr/messngr.conf, MESSNGR_* variables and flags, in that order.
/// </summary>
internal sealed record ServeOptions
{
    /// <summary>Computer name, upper-cased, at most 15 bytes (default: the host name).</summary>
    public required string NetBiosName { get; init; }

    public string Workgroup { get; init; } = "WORKGROUP";

    /// <summary>Extra messenger names (<c>net name</c> aliases) registered at start.</summary>
    public IReadOnlyList<string> Aliases { get; init; } = [];

    /// <summary>Address to bind; <see cref="IPAddress.Any"/> means every IPv4 interface.</summary>
    public IPAddress BindAddress { get; init; } = IPAddress.Any;

    public required string StateDirectory { get; init; }

    public IPEndPoint? WinsServer { get; init; }

    /// <summary>OEM code page of names and message text (Samba's <c>dos charset</c>, default 850).</summary>
    public int CodePage { get; init; } = Messngr.Wire.OemCodePage.DefaultCodePage;

    public bool NameServiceEnabled { get; init; } = true;

    public bool DatagramServiceEnabled { get; init; } = true;

    public bool SessionServiceEnabled { get; init; } = true;

    public bool RpcEnabled { get; init; } = true;

    /// <summary>Networks allowed to send; empty means loopback plus this host's own networks (the default).</summary>
    public IReadOnlyList<Policy.NetworkRange> Allow { get; init; } = [];

    /// <summary>Networks always refused, even inside <see cref="Allow"/>.</summary>
    public IReadOnlyList<Policy.NetworkRange> Deny { get; init; } = [];

    /// <summary>Packets (or session frames) per second one source may send; twice that as a burst.</summary>
    public double RateLimitPerSource { get; init; } = 100;

    /// <summary>Packets per second from all sources together.</summary>
    public double GlobalRateLimit { get; init; } = 5000;

    /// <summary>Write messages to the recipients' terminals (utmp), like write(1)/wall.</summary>
    public bool TtyEnabled { get; init; } = true;

    public Sinks.TtySinkOptions Tty { get; init; } = new();

    /// <summary>The exec hook (argv, no shell), or null for none.</summary>
    public Sinks.ExecHookOptions? Hook { get; init; }

    /// <summary>UDP 137 (RFC 1002 §6 NAME_SERVICE_UDP_PORT); other values are for tests.</summary>
    public int NameServicePort { get; init; } = 137;

    /// <summary>UDP 138 (RFC 1002 §6 DGM_SRVC_UDP_PORT).</summary>
    public int DatagramServicePort { get; init; } = 138;

    /// <summary>TCP 139 (RFC 1002 §6 SSN_SRVC_TCP_PORT).</summary>
    public int SessionServicePort { get; init; } = 139;

    /// <summary>UDP 135, the endpoint mapper port where [MS-MSRP] NetrSendMessage arrives ([MS-RPCE] 2.1.2.1).</summary>
    public int RpcPort { get; init; } = 135;

    /// <summary>
    /// TCP 2426, the native transport's TLS 1.3 listener (docs/native-protocol.md §1; issue #13,
    /// item 3); 0 turns it off. Bound to <see cref="BindAddress"/> like the classic listeners.
    /// </summary>
    public int NativePort { get; init; } = 2426;

    /// <summary>
    /// The account a root-started daemon becomes once its ports are bound (<c>user</c>); null: the
    /// dedicated account <c>messngr</c> when it exists, else stay root (logged). <c>root</c> keeps root.
    /// </summary>
    public string? User { get; init; }

    /// <summary>Aliases one non-root user may hold at once (<c>messngr name NAME /add</c>).</summary>
    public int MaxAliasesPerUser { get; init; } = 8;

    /// <summary>Messages kept: the newest this many (0 = no count limit).</summary>
    public int MaxMessages { get; init; } = 100_000;

    /// <summary>Messages older than this are deleted (zero = kept regardless of age).</summary>
    public TimeSpan MaxAge { get; init; } = TimeSpan.FromDays(90);

    /// <summary>
    /// List the logged-on users' <c>USER&lt;03&gt;</c> names in node status replies (<c>nmblookup -A</c>,
    /// <c>nbtstat -A</c>). Off by default: any allowed host could otherwise learn who is logged on.
    /// Name queries for those names are answered either way (delivery needs them).
    /// </summary>
    public bool NodeStatusUsers { get; init; }

    /// <summary>
    /// NetBIOS scope (RFC 1001 §5.2; Samba's <c>netbios scope</c>), upper-cased; empty (the default)
    /// for none. Names in another scope are not ours on any listener.
    /// </summary>
    public string NetBiosScope { get; init; } = string.Empty;

    /// <summary>
    /// Obey an unsolicited NAME CONFLICT DEMAND (RFC 1002 §4.2.8) for one of our unique names, as
    /// Windows does with <c>NoNameReleaseOnDemand</c> = 0. Off by default, as Samba's nmbd: anyone
    /// on the subnet could otherwise silence a name with one spoofed packet. Group names never obey.
    /// </summary>
    public bool NameReleaseOnDemand { get; init; }

    /// <summary>
    /// The workgroup CA certificate (<c>trust ca</c>, PEM): a node whose certificate it signed is
    /// trusted (issue #13, item 4). Null (the default): only pinned nodes are.
    /// </summary>
    public string? TrustCaFile { get; init; }

    /// <summary>
    /// Trust and pin a node that is neither pinned nor CA-signed the first time it connects
    /// (<c>trust on first use</c>). Off by default: the first stranger on the LAN would be trusted.
    /// </summary>
    public bool TrustOnFirstUse { get; init; }

    /// <summary>LAN discovery (<c>discovery</c>, issue #13, item 5; docs/native-protocol.md §9): on by default.</summary>
    public bool DiscoveryEnabled { get; init; } = true;

    /// <summary>Static peers (<c>native peers</c>): host (IPv4 address or DNS name) and TCP port, listed by <c>messngr peers</c>.</summary>
    public IReadOnlyList<(string Host, ushort Port)> NativePeers { get; init; } = [];

    /// <summary>
    /// How long a native message without its own expiry stays in the outbox waiting for its node
    /// (<c>outbox expiry</c>, issue #13 item 7): it is retried until then and reported expired after.
    /// </summary>
    public TimeSpan OutboxExpiry { get; init; } = TimeSpan.FromDays(1);

    /// <summary>
    /// When a store commit — and so every acknowledgement, *stored* included — counts as done
    /// (<c>store sync</c>, issue #13): <c>full</c> fsyncs each commit, <c>normal</c> leaves the
    /// last commits to the OS (they survive a daemon crash, not a power cut).
    /// </summary>
    public Store.StoreSync StoreSync { get; init; } = Store.StoreSync.Full;

    /// <summary>
    /// Where the web page listens (<c>web listen</c>, issue #14, item 2): a loopback address and TCP
    /// port, or null for off. The loader's default is 127.0.0.1:2427; options made in code (tests)
    /// leave it off, so daemons started side by side do not race for one port.
    /// </summary>
    public System.Net.IPEndPoint? WebListen { get; init; }

    /// <summary>
    /// The Alerter's list (<c>alert names</c>, issue #15, item 3), as NT's Alerter service had its
    /// names to alert: the recipients <c>messngr alert</c> sends to when no <c>--to</c> is given,
    /// each as <c>messngr send</c> parses it (<see cref="Sending.RecipientParser"/>).
    /// </summary>
    public IReadOnlyList<string> AlertNames { get; init; } = [];

    /// <summary>
    /// The HTTP API (<c>api listen</c>, <c>api tls certificate</c>, <c>api tls key</c>; issue #15,
    /// item 1), or null for off. The loader's default is 127.0.0.1:2428; options made in code (tests)
    /// leave it off, as <see cref="WebListen"/>.
    /// </summary>
    public Api.ApiListenOptions? ApiListen { get; init; }

    /// <summary>
    /// Where <c>/metrics</c> and <c>/healthz</c> are served (<c>metrics listen</c>, issue #15, item 6),
    /// or null for off. The loader's default is 127.0.0.1:2429; options made in code (tests) leave
    /// it off, as <see cref="WebListen"/>.
    /// </summary>
    public System.Net.IPEndPoint? MetricsListen { get; init; }

    /// <summary>
    /// <c>alertmanager route</c> (issue #15, item 2): the rules that send an Alertmanager
    /// notification to recipients by its common labels, first match wins; none matching: <see cref="AlertNames"/>.
    /// </summary>
    public IReadOnlyList<Alertmanager.AlertmanagerRoute> AlertmanagerRoutes { get; init; } = [];

    /// <summary>The least severe log lines written (<c>log level</c>: error, warning, info, debug).</summary>
    public Microsoft.Extensions.Logging.LogLevel LogLevel { get; init; } = Microsoft.Extensions.Logging.LogLevel.Information;

    /// <summary>The engineering bounds (queues, connections, caches); tests shrink them.</summary>
    public Core.DaemonLimits Limits { get; init; } = Core.DaemonLimits.Default;

    /// <summary><c>log format</c> (issue #15, item 5): the journal's line format, the timestamped one, or chosen by the environment.</summary>
    public ServeLogFormat LogFormat { get; init; } = ServeLogFormat.Auto;
}
