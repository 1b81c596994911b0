namespace Messngr.Cli.Options;

/// <summary><c>messngr lookup</c>'s options: the parser, --help, completions and man page read this table.</summary>
internal static class LookupOptionTable
{
    public static readonly IReadOnlyList<CommandOption> All =
    [
        new("json", null, "one JSON object: name, suffix, addresses, method, group, steps (-A: address, names [name, suffix, group, nodeType, flags], mac); an error is {\"error\", \"exitCode\"}"),
        new("resolve-order", "LIST", "methods in order, comma separated (default cache,bcast,wins,lmhosts,dns; like Samba's 'name resolve order'; MESSNGR_RESOLVE_ORDER); cache asks the local daemon"),
        new("wins-server", "ADDR", "WINS server for the wins method (ADDR[:PORT])", OptionCompletion.Host),
        new("interface", "NAME|ADDR", "broadcast on this interface only (default: every IPv4 interface with a broadcast address)"),
        new("lmhosts", "FILE", "lmhosts file (default /etc/samba/lmhosts; MESSNGR_LMHOSTS)", OptionCompletion.File),
        new("timeout", "S", "how long each method waits in all (default: broadcast 0.75 s, 3 x 250 ms; WINS and -A 4.5 s, 3 x 1.5 s; DNS 5 s)"),
        new("name-service-port", "N", "the peers' name service port (default 137)"),
        new("code-page", "CP", "OEM code page of names (default 850)"),
        new("netbios-scope", "SCOPE", "NetBIOS scope to ask in (default: as 'messngr serve', none)"),
        new("verbose", null, "print what each method did on standard error"),
        new("state-dir", "DIR", "the local daemon asked by the cache method (as for 'messngr name')", OptionCompletion.Directory),
        new("config", "FILE", "config file (default /etc/messngr/messngr.conf; MESSNGR_CONFIG), read for the keys above only; the default one unreadable: a warning and the built-in defaults", OptionCompletion.File),
    ];
}
