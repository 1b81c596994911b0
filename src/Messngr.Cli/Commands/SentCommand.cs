using System.Globalization;
using System.Text;
using Messngr.Cli.Control;
using Messngr.Cli.Help;
using Messngr.Cli.Options;
using Messngr.Daemon.Control.Api;

namespace Messngr.Cli.Commands;

/// <summary><c>messngr sent [ID]</c>: the messages this user sent natively and their receipts (issue #13, item 8).</summary>
internal static class SentCommand
{
    private static readonly string[] Header = ["ID", "TO", "STATE", "SINCE", "NODE"];

    public static readonly CommandHelp Manual = new(
        "sent",
        "the messages you sent natively, with where each one is (queued, stored, read …)",
        "usage: messngr sent [ID] [--json] [--limit N] [--state-dir DIR] [--timeout S]",
        """
        Without ID: a table of the messages you sent with 'messngr send' over the native transport,
        newest first: message id, recipient, the furthest state it reached (queued, sent, stored,
        displayed, read, expired, failed) with its time, and the receiver's node. With ID: that
        message's receipts in order, with the attempts made and the last error. You see only the
        messages you sent (root: everyone's); another user's id is "not found".
        """,
        SentOptionTable.All,
        [new(ExitCodes.Ok, "ok"), ClientExitCodeList.Usage, new(ExitCodes.DataError, "no such message (or not yours), or a malformed id"), ClientExitCodeList.NotRunning, ClientExitCodeList.Internal, ClientExitCodeList.TimedOut, ClientExitCodeList.Permission, ClientExitCodeList.Config]);

    public static string Help => Manual.Text;

    public static int Run(IReadOnlyList<string> args) => RunAsync(args, CommandContext.FromConsole(), CancellationToken.None).GetAwaiter().GetResult();

    public static async Task<int> RunAsync(IReadOnlyList<string> args, CommandContext context, CancellationToken cancellationToken)
    {
        var line = CommandLine.Parse("sent", args, SentOptionTable.All);
        if (line.Help)
        {
            await context.Out.WriteAsync(Help).ConfigureAwait(false);
            return ExitCodes.Ok;
        }

        if (line.Positional.Count > 1)
        {
            throw new UsageException($"sent: unexpected argument '{line.Positional[1]}' (messngr sent [ID])");
        }

        var limit = ClientCommand.ParseCount("sent", "limit", line.Values.GetValueOrDefault("limit"), 20, 1, 1000);
        var json = line.Values.GetValueOrDefault("json") == "yes";
        var id = line.Positional.Count == 1 ? line.Positional[0] : null;
        return await ClientCommand.RunAsync("sent", context, line.Values, async client =>
        {
            if (id is not null)
            {
                var one = await client.SentMessageAsync(id, null, TimeSpan.Zero, cancellationToken).ConfigureAwait(false);
                await context.Out.WriteAsync(json ? ClientCommand.Json(one) + "\n" : Receipts(one)).ConfigureAwait(false);
                return ExitCodes.Ok;
            }

            var sent = await client.SentAsync(limit, cancellationToken).ConfigureAwait(false);
            await context.Out.WriteAsync(json ? ClientCommand.Json(sent) + "\n" : Table(sent)).ConfigureAwait(false);
            return ExitCodes.Ok;
        }).ConfigureAwait(false);
    }

    /// <summary>One line per message; the recipient and node came from the user and the LAN, so they are sanitised.</summary>
    private static string Table(IReadOnlyList<SentDto> sent)
    {
        if (sent.Count == 0)
        {
            return "No messages sent natively ('messngr send' lists the path of each message it sends).\n";
        }

        var rows = new List<string[]> { Header };
        foreach (var s in sent)
        {
            var at = s.Receipts.LastOrDefault(r => r.State == s.State)?.At ?? s.CreatedAt;
            rows.Add([s.Id, ClientText.Line(s.Recipient), s.State, Time(at), ClientText.Line(s.NodeId is { Length: > 7 } n ? n[..7] : s.NodeId ?? "-")]);
        }

        var widths = Enumerable.Range(0, Header.Length).Select(c => rows.Max(r => r[c].Length)).ToArray();
        var text = new StringBuilder();
        foreach (var row in rows)
        {
            text.Append(string.Join("  ", row.Select((cell, c) => c == row.Length - 1 ? cell : cell.PadRight(widths[c])))).Append('\n');
        }

        return text.ToString();
    }

    private static string Receipts(SentDto s)
    {
        var text = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"message {s.Id} to {ClientText.Line(s.Recipient)} from {ClientText.Line(s.FromUser)}\n")
            .Append(CultureInfo.InvariantCulture, $"node     {ClientText.Line(s.NodeId ?? "-")}\n")
            .Append(CultureInfo.InvariantCulture, $"created  {Time(s.CreatedAt)}; expires {(s.ExpiresAt is { } e ? Time(e) : "never")}\n")
            .Append(CultureInfo.InvariantCulture, $"state    {s.State} after {s.Attempts} attempt{(s.Attempts == 1 ? string.Empty : "s")}{(s.LastError is { } error ? $"; last error: {ClientText.Line(error)}" : string.Empty)}\n");
        foreach (var r in s.Receipts)
        {
            text.Append(CultureInfo.InvariantCulture, $"  {Time(r.At)}  {r.State,-9}{(r.Detail is { Length: > 0 } d ? "  " + ClientText.Line(d) : string.Empty)}\n");
        }

        return text.ToString();
    }

    private static string Time(DateTimeOffset at) => at.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);
}
