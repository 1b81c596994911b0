using System.Globalization;
using Messngr.Cli.Control;
using Messngr.Cli.Help;
using Messngr.Cli.Options;
using Messngr.Daemon.Control.Api;

namespace Messngr.Cli.Commands;

/// <summary>
/// <c>messngr token add|list|revoke</c> (issue #15, item 1): the HTTP API's tokens, over the control
/// socket, so a token belongs to the caller's uid (SO_PEERCRED) and acts as that user.
/// </summary>
internal static class TokenCommand
{
    public static readonly CommandHelp Manual = new(
        "token",
        "add, list or revoke your tokens for the HTTP API (POST /v1/messages)",
        """
        usage: messngr token add --name NAME [--send-to PATTERN]... [--json]
               messngr token list [--json]
               messngr token revoke NAME [--uid UID] [--json]
        """,
        """
        A token lets a program (an alerting tool, a script, curl) use the daemon's HTTP API ('api
        listen', 127.0.0.1:2428 by default) as you: it sends under your login name and sees only
        your messages and receipts. 'add' prints the secret ONCE; the daemon keeps only its SHA-256
        (STATE_DIR/api-tokens.json, 0600). Send it as 'Authorization: Bearer SECRET'. --send-to
        limits where the token may send (a glob on the recipient as the request names it, any
        case; repeat it for more): a request to anyone else is refused (403) and nothing is sent.
        'list' shows your tokens (root: everyone's), never a secret. 'revoke' stops a token at
        once, its open streams too.
        """,
        TokenOptionTable.All,
        [
            new(ExitCodes.Ok, "ok"),
            ClientExitCodeList.Usage,
            new(ExitCodes.DataError, "request refused (invalid name or pattern, name taken, too many tokens, no such token)"),
            new(ExitCodes.Unavailable, "daemon not running, or its HTTP API is off (api listen = off)"),
            ClientExitCodeList.Internal,
            ClientExitCodeList.TimedOut,
            new(ExitCodes.Permission, "permission denied (another user's token: root only)"),
            ClientExitCodeList.Config,
        ]);

    public static string Help => Manual.Text;

    private static readonly string[] Header = ["Name", "User", "May send to", "Made"];

    public static int Run(IReadOnlyList<string> args) => RunAsync(args, CommandContext.FromConsole(), CancellationToken.None).GetAwaiter().GetResult();

    public static async Task<int> RunAsync(IReadOnlyList<string> args, CommandContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(context);
        var line = CommandLine.Parse("token", args, TokenOptionTable.All);
        if (line.Help)
        {
            await context.Out.WriteAsync(Help).ConfigureAwait(false);
            return ExitCodes.Ok;
        }

        var action = line.Positional.Count > 0 ? line.Positional[0].ToLowerInvariant() : throw new UsageException("token: say what to do: messngr token add --name NAME | list | revoke NAME");
        var operands = line.Positional.Skip(1).ToList();
        var name = line.Values.GetValueOrDefault("name");
        var sendTo = SendTo(args);
        var uidText = line.Values.GetValueOrDefault("uid");
        uint? uid = null;
        if (uidText is not null)
        {
            uid = uint.TryParse(uidText, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) ? parsed : throw new UsageException($"token: --uid must be a number, not '{ClientText.Line(uidText)}'");
        }

        var json = line.Values.GetValueOrDefault("json") == "yes";
        switch (action)
        {
            case "add" when operands.Count == 0 && name is not null && uid is null:
            case "list" when operands.Count == 0 && name is null && sendTo.Count == 0 && uid is null:
            case "revoke" when operands.Count == 1 && name is null && sendTo.Count == 0:
                break;
            case "add" or "list" or "revoke":
                throw new UsageException($"token {action}: wrong arguments (messngr token add --name NAME [--send-to PATTERN]... | list | revoke NAME [--uid UID])");
            default:
                throw new UsageException($"token: unknown action '{ClientText.Line(action)}' (add, list or revoke)");
        }

        return await ClientCommand.RunAsync("token", context, line.Values, async client =>
        {
            switch (action)
            {
                case "add":
                    var added = await client.AddTokenAsync(name!, sendTo, cancellationToken).ConfigureAwait(false);
                    if (json)
                    {
                        await context.Out.WriteLineAsync(ClientCommand.Json(added)).ConfigureAwait(false);
                    }
                    else
                    {
                        await context.Error.WriteLineAsync($"Token {ClientText.Line(added.Name)} made{Scope(added.SendTo)}. Its secret follows; it is shown this once:").ConfigureAwait(false);
                        await context.Out.WriteLineAsync(added.Token).ConfigureAwait(false);
                    }

                    break;
                case "revoke":
                    var revoked = await client.RevokeTokenAsync(operands[0], uid, cancellationToken).ConfigureAwait(false);
                    await context.Out.WriteLineAsync(json ? ClientCommand.Json(revoked) : $"Token {ClientText.Line(revoked.Name)} of {ClientText.Line(revoked.User)} is revoked.").ConfigureAwait(false);
                    break;
                default:
                    var tokens = await client.ListTokensAsync(cancellationToken).ConfigureAwait(false);
                    await context.Out.WriteAsync(json ? ClientCommand.Json(tokens) + "\n" : Table(tokens)).ConfigureAwait(false);
                    break;
            }

            return ExitCodes.Ok;
        }).ConfigureAwait(false);
    }

    /// <summary>Every <c>--send-to</c> (the parser keeps only the last of a repeated option), commas splitting patterns.</summary>
    internal static List<string> SendTo(IReadOnlyList<string> args)
    {
        var patterns = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            string? value = null;
            if (args[i] == "--")
            {
                break;
            }

            if (args[i] == "--send-to" && i + 1 < args.Count)
            {
                value = args[++i];
            }
            else if (args[i].StartsWith("--send-to=", StringComparison.Ordinal))
            {
                value = args[i]["--send-to=".Length..];
            }

            if (value is not null)
            {
                patterns.AddRange(value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
            }
        }

        return patterns;
    }

    private static string Scope(IReadOnlyList<string> sendTo) => sendTo.Count == 0 ? string.Empty : $" (may send to {ClientText.Line(string.Join(", ", sendTo))})";

    private static string Table(IReadOnlyList<TokenDto> tokens)
    {
        if (tokens.Count == 0)
        {
            return "No tokens. Make one with 'messngr token add --name NAME'.\n";
        }

        var rows = new List<string[]> { Header };
        rows.AddRange(tokens.Select(t => new[]
        {
            ClientText.Line(t.Name), ClientText.Line(t.User), t.SendTo.Count == 0 ? "anywhere" : ClientText.Line(string.Join(",", t.SendTo)),
            t.Created.ToLocalTime().ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
        }));
        var widths = Enumerable.Range(0, 4).Select(c => rows.Max(r => r[c].Length)).ToArray();
        var text = new System.Text.StringBuilder();
        foreach (var row in rows)
        {
            text.Append(string.Join("  ", row.Select((cell, c) => c == row.Length - 1 ? cell : cell.PadRight(widths[c])))).Append('\n');
        }

        return text.ToString();
    }
}
