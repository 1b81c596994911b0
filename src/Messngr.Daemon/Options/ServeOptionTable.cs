namespace Messngr.Daemon.Options;

/// <summary>
/// Every setting of <c>messngr serve</c>, once: the loader (<see cref="ServeOptionsLoader"/>), the
/// command line parser and the --help text of <c>serve</c> are built from this table, and a test
/// holds the README's options table to it, so they cannot drift apart.
/// </summary>
internal static class ServeOptionTable
{
    public static readonly IReadOnlyList<ServeOption> All =
    [
        new("netbios-name", "NAME", "computer name", "host name, upper-cased, 15 chars", "HOSTQ"),
        new("workgroup", "NAME", "workgroup/domain", "WORKGROUP", "LABQ"),
        new("alias", "A,B", "extra messenger names (like 'net name A /add')", "none", "HELPQ,OPSQ"),
        new("interface", "NAME|ADDR", "serve one IPv4 interface only: its address and its subnet's broadcasts", "all IPv4 interfaces", "127.0.0.1"),
        new("state-dir", "DIR", "state directory", "/var/lib/messngr as root, $XDG_STATE_HOME/messngr otherwise", "/tmp/messngr-sample-state"),
        new("wins-server", "ADDR", "WINS server (P-node); none makes a B-node", "none", "10.0.0.1"),
        new("code-page", "CP", "OEM code page of names and text", "850", "437"),
        new("name-service", null, "UDP 137 listener", "yes", "no"),
        new("datagram-service", null, "UDP 138 listener", "yes", "no"),
        new("session-service", null, "TCP 139 listener", "yes", "no"),
        new("rpc", null, "UDP 135 listener ([MS-MSRP] NetrSendMessage)", "yes", "no"),
        new("name-service-port", "N", "port of the name service", "137", "10137"),
        new("datagram-service-port", "N", "port of the datagram service", "138", "10138"),
        new("session-service-port", "N", "port of the session service", "139", "10139"),
        new("rpc-port", "N", "port of the RPC listener", "135", "10135"),
        new("native-port", "N", "TCP port of the native (TLS 1.3) listener; 0 disables it", "2426", "12426"),
        new("allow", "NETS", "networks that may send, e.g. 10.0.0.0/8,192.168.1.0/24", "loopback and this host's own networks", "10.0.0.0/8"),
        new("deny", "NETS", "networks always refused (wins over allow)", "none", "10.9.0.0/16"),
        new("rate-limit", "N", "packets (or session frames) per second per source and listener (burst twice that)", "100", "50"),
        new("global-rate-limit", "N", "packets per second from all sources together, per listener", "5000", "2500"),
        new("max-connections-per-host", "N", "TCP 139 sessions one address may hold (of 64 in all)", "8", "4"),
        new("tty", null, "write messages to the recipients' terminals", "yes", "no"),
        new("tty-bell", null, "ring the terminal bell with each message", "no", "yes"),
        new("tty-write-timeout", "S", "seconds a terminal write may take", "2", "5"),
        new("tty-charset", "utf-8|ascii", "character set written to terminals", "utf-8", "ascii"),
        new("critical-repeat", "TIME|off", "a critical message not yet read is written to its recipient's terminals again this often, at most 12 times (30s, 5m, 1h; off: once)", "5m", "10m"),
        new("hook", "\"PROG ARGS\"", "run PROG for each message (no shell; text in $MESSNGR_TEXT_FILE)", "none", "/bin/true"),
        new("hook-timeout", "S", "seconds a hook may run before it is killed", "30", "10"),
        new("hook-concurrency", "N", "hooks running at once", "4", "2"),
        new("hook-queue", "N", "messages waiting for a hook; more are dropped and counted", "64", "32"),
        new("hook-user", "USER", "account the hook runs as", "nobody when started as root, else the daemon's user", "daemon"),
        new("max-aliases", "N", "aliases one user may add (root is not limited)", "8", "3"),
        new("max-messages", "N", "keep the newest N messages (0 = no limit)", "100000", "500"),
        new("max-age", "DAYS", "delete messages older than DAYS (0 = no limit)", "90", "7"),
        new("node-status-users", null, "list logged-on users' NAME<03> in node status replies", "no", "yes"),
        new("netbios-scope", "SCOPE", "NetBIOS scope (RFC 1001 5.2): only names in it are ours", "none", "CORP.EXAMPLE"),
        new("name-release-on-demand", null, "let an unsolicited NAME CONFLICT DEMAND put a unique name in conflict (never a group name)", "no", "yes"),
        new("log-level", "LEVEL", "least severe log lines written: error, warning, info or debug (--verbose: debug)", "info", "debug"),
        new("trust-ca", "FILE", "workgroup CA certificate (PEM): nodes whose certificates it signed are trusted (messngr ca init/sign)", "none", "/etc/messngr/ca-cert.pem"),
        new("trust-on-first-use", null, "trust a node that is neither pinned nor CA-signed the first time it connects, and pin it", "no", "yes"),
        new("discovery", null, "LAN discovery on 2426/udp: announce this node (signed) and list the nodes that announce (messngr peers)", "yes", "no"),
        new("native-peers", "HOST[:PORT],...", "static peers listed by messngr peers (nodes on other subnets; port 2426 when left out)", "none", "10.0.0.5,far.example:2500"),
        new("outbox-expiry", "TIME", "how long a native message without its own expiry waits in the outbox for its node (30s, 15m, 2h, 1d; a bare number is seconds)", "1d", "2h"),
        new("store-sync", "MODE", "when a commit (and every acknowledgement after it) is done: full = fsynced to the disk; normal = written to the OS, survives a daemon crash but not a power cut", "full", "normal"),
        new("web-listen", "ADDR:PORT|off", "the web page (messngr web): a loopback address and TCP port, or off; other addresses are refused", "127.0.0.1:2427", "127.0.0.1:12427"),
        new("alert-names", "LIST", "where 'messngr alert' sends when no --to is given (issue 15): recipients as 'messngr send' takes them (NAME, NAME@HOST, /domain...), comma or space separated, at most 32", "none", "ADMIN,OPS"),
        new("api-listen", "ADDR:PORT|off", "the HTTP API (POST /v1/messages, messngr token): an address and TCP port, or off; an address other than loopback needs api tls certificate and api tls key", "127.0.0.1:2428", "127.0.0.1:12428"),
        new("api-tls-certificate", "FILE", "the HTTP API's TLS certificate (PEM): the API speaks HTTPS", "none", "/etc/messngr/api-cert.pem"),
        new("api-tls-key", "FILE", "the private key (PEM) of api tls certificate", "in the certificate's file", "/etc/messngr/api-key.pem"),
        new("metrics-listen", "ADDR:PORT|off", "Prometheus /metrics and /healthz (issue 15): an address and TCP port, or off; counts only, so any address is allowed (see Metrics and health)", "127.0.0.1:2429", "127.0.0.1:12429"),
        new("alertmanager-route", "RULES", "where POST /v1/alertmanager sends (issue 15): LABEL=VALUE[,LABEL=VALUE] -> RECIPIENT ..., rules separated by ';', the first whose labels all match the notification's common labels wins; no match: the alert names", "none (the alert names)", "severity=critical -> OPS ADMIN; team=db -> DBA"),
        new("user", "USER", "started as root: the account to become once the ports are bound ('root' keeps root)", "messngr when that account exists, else root", "daemon"),
        new("log-format", "auto|journal|plain", "log lines: journal = sd-daemon(3) <N> priority prefix and no timestamp; plain = ISO 8601 timestamp first; auto = journal when standard error is the journal ($JOURNAL_STREAM) or $INVOCATION_ID is set", "auto", "journal"),
    ];

    /// <summary>The keys in flag spelling.</summary>
    public static IReadOnlyList<string> Keys { get; } = All.Select(o => o.Key).ToList();

    public static ServeOption? Find(string key) => All.FirstOrDefault(o => o.Key == key);
}
