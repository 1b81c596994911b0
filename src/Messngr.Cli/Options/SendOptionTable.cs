namespace Messngr.Cli.Options;

/// <summary><c>messngr send</c>'s options: the parser, --help, completions and man page read this table.</summary>
internal static class SendOptionTable
{
    public static readonly IReadOnlyList<CommandOption> All =
    [
        new("from", "NAME", "the sender name shown to the recipient (default: your user name, cut to 15 characters); classic transports cannot prove it; native messages always carry your login name, vouched for by this node"),
        new("transport", "T", "auto (default: native to a trusted messngr node the local daemon's peer table lists, else smb with rpc fallback), native, smb, mailslot or rpc", OptionCompletion.Choice, ["auto", "native", "smb", "mailslot", "rpc"]),
        new("native", null, "only the native transport, through the local daemon (= --transport native): authenticated, with receipts; NAME or NAME@HOST[:PORT]"),
        new("priority", "P", "low, normal (default), high or critical; carried natively only: the classic protocols have no priority and ignore it", OptionCompletion.Choice, ["low", "normal", "high", "critical"]),
        new("expire", "DURATION", "native: stop trying (and the receiver stops showing it) after DURATION, e.g. 90s, 30m, 2h, 7d (at most 30d; default: the daemon's)"),
        new("correlation-key", "KEY", "native: a later message from you with the same KEY to the same recipient replaces this one (its desktop notification; 'messngr history' shows only the latest, 'history --all' every one); 1 to 128 visible ASCII characters (! to ~); carried natively only: the classic protocols have no key and ignore it"),
        new("sealed", null, "native: the receiver shows a closed envelope until its user opens the message"),
        new("wait", null, "native: wait until the recipient has read the message (msg /w); not read within --time: exit 75"),
        new("time", "S", "how long to wait for the recipient's acknowledgement (msg /time:S): with --wait until it is read (default 300, at most 86400); without, the classic --timeout"),
        new("server", "HOST", "send every NAME through HOST's messenger (msg /server:HOST)", OptionCompletion.Host),
        new("timeout", "S", "per recipient, from resolution to the last reply (default 10; /time:S)"),
        new("verbose", null, "print each step on stderr: resolution, connection, blocks, replies (also -v, /v)"),
        new("json", null, "print a JSON array, one object per recipient: recipient, outcome (delivered, accepted-for-broadcast, name-not-found, refused, unreachable, timed-out, protocol-error, invalid), transport, address, to, detail, blocks, exitCode; a usage error is one object {\"error\", \"exitCode\"}"),
        new("wins-server", "ADDR", "resolve through this WINS server too (default: as 'messngr serve')", OptionCompletion.Host),
        new("resolve-order", "L", "comma list of cache, bcast, wins, lmhosts, dns (default in that order)"),
        new("lmhosts", "FILE", "lmhosts file for the lmhosts method (default /etc/samba/lmhosts)", OptionCompletion.File),
        new("interface", "X", "broadcast and resolve only on this interface (name or address)"),
        new("workgroup", "WG", "our workgroup, for * and /domain (default: the running daemon's, else the config file's, else WORKGROUP)"),
        new("netbios-name", "NAME", "our computer name, the calling name (default: the running daemon's, else the config file's, else the host name)"),
        new("code-page", "CP", "OEM code page of names and text (default: as 'messngr serve', 850)"),
        new("netbios-scope", "SCOPE", "NetBIOS scope (default: as 'messngr serve', none)"),
        new("session-port", "N", "the receivers' session service port (139)"),
        new("rpc-port", "N", "the receivers' RPC port (135)"),
        new("datagram-port", "N", "the receivers' datagram service port (138)"),
        new("name-service-port", "N", "the receivers' name service port (137)"),
        new("state-dir", "DIR", "the local daemon asked by the cache method and for our workgroup and name (as for 'messngr name')", OptionCompletion.Directory),
        new("config", "FILE", "config file (default /etc/messngr/messngr.conf; MESSNGR_CONFIG), read for the keys above only; the default one unreadable: a warning and the built-in defaults", OptionCompletion.File),
    ];
}
