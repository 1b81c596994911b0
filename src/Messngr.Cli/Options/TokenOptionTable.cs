namespace Messngr.Cli.Options;

/// <summary><c>messngr token</c>'s options (issue #15, item 1): the parser, --help, completions and man page read this table.</summary>
internal static class TokenOptionTable
{
    public static readonly IReadOnlyList<CommandOption> All =
    [
        new("name", "NAME", "with 'add': the token's name (1 to 64 of A-Z, a-z, 0-9, '.', '_', '-'), unique among your tokens"),
        new("send-to", "PATTERN", "with 'add': a recipient the token may send to, a glob (* and ?, any case: OPS*, ADMIN, *@host); repeat it, or separate patterns with commas; none: anywhere you may send"),
        new("uid", "UID", "with 'revoke', root only: the owner of the token to revoke (default: your own)"),
        new("json", null, "print the token (add: with its secret) or the list as JSON: name, uid, user, sendTo, created, token; an error is {\"error\", \"exitCode\"}"),
        ClientOptions.StateDir,
        ClientOptions.Timeout,
    ];
}
