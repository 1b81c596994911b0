using System.Globalization;
using Messngr.Cli.Control;
using Messngr.Cli.Help;
using Messngr.Cli.Options;
using Messngr.Daemon.Control.Api;
using Messngr.Daemon.Native;

namespace Messngr.Cli.Commands;

/// <summary><c>messngr trust add|list|remove</c>: which other messngr nodes this one trusts (issue #13, item 4).</summary>
internal static class TrustCommand
{
    public static readonly CommandHelp Manual = new(
        "trust",
        "list, add or remove the messngr nodes this node trusts (like SSH's known hosts)",
        """
        usage: messngr trust list [--json]
               messngr trust add NODEID [--name NAME] [--json]
               messngr trust remove NODEID|NAME [--json]
        """,
        """
        A messngr node talks to another only when it trusts it: its node id is in this list
        (added here, or pinned on first use when 'trust on first use = yes'), or its certificate
        was signed by the workgroup CA ('trust ca'). 'add' pins a node id ('messngr id' on that
        node prints it); with --name, another node that claims that NAME is refused and logged
        as a changed identity, as SSH does. Anyone may list; only root or the daemon's own user
        may add or remove.
        """,
        TrustOptionTable.All,
        [
            new(ExitCodes.Ok, "ok"),
            ClientExitCodeList.Usage,
            new(ExitCodes.DataError, "request refused (not a node id, invalid name, already trusted, name taken, not found, list full)"),
            ClientExitCodeList.NotRunning,
            ClientExitCodeList.Internal,
            ClientExitCodeList.TimedOut,
            new(ExitCodes.Permission, "permission denied (only root or the daemon's user may change trust)"),
            ClientExitCodeList.Config,
        ]);

    public static string Help => Manual.Text;

    private static readonly string[] Header = ["Node id", "Name", "Source", "Added", "By"];

    public static int Run(IReadOnlyList<string> args) => RunAsync(args, CommandContext.FromConsole(), CancellationToken.None).GetAwaiter().GetResult();

    public static async Task<int> RunAsync(IReadOnlyList<string> args, CommandContext context, CancellationToken cancellationToken)
    {
        var line = CommandLine.Parse("trust", args, TrustOptionTable.All);
        if (line.Help)
        {
            await context.Out.WriteAsync(Help).ConfigureAwait(false);
            return ExitCodes.Ok;
        }

        var action = line.Positional.Count > 0 ? line.Positional[0].ToLowerInvariant() : throw new UsageException("trust: say what to do: messngr trust list|add NODEID|remove NODEID");
        var operands = line.Positional.Skip(1).ToList();
        var name = line.Values.GetValueOrDefault("name");
        var json = line.Values.GetValueOrDefault("json") == "yes";
        switch (action)
        {
            case "list" when operands.Count == 0 && name is null:
                break;
            case "add" when operands.Count == 1:
                // Checked here for a quick answer; the daemon checks again.
                try
                {
                    NodeId.Parse(operands[0]);
                }
                catch (NodeIdFormatException ex)
                {
                    throw new UsageException($"trust add: '{ClientText.Line(operands[0])}' is not a node id: {ex.Message}");
                }

                if (name is not null && Daemon.Names.NetBiosNameRule.Validate(name.Trim(), "--name") is { } broken)
                {
                    throw new UsageException($"trust add: {ClientText.Line(broken)}");
                }

                break;
            case "remove" when operands.Count == 1 && name is null:
                break;
            case "list" or "add" or "remove":
                throw new UsageException($"trust {action}: wrong arguments (messngr trust list | add NODEID [--name NAME] | remove NODEID|NAME)");
            default:
                throw new UsageException($"trust: unknown action '{ClientText.Line(action)}' (list, add or remove)");
        }

        return await ClientCommand.RunAsync("trust", context, line.Values, async client =>
        {
            switch (action)
            {
                case "add":
                    var added = await client.AddTrustAsync(operands[0], name?.Trim(), cancellationToken).ConfigureAwait(false);
                    await context.Out.WriteLineAsync(json ? ClientCommand.Json(added) : $"Node {ClientText.Line(added.NodeId)}{Named(added)} is now trusted.").ConfigureAwait(false);
                    break;
                case "remove":
                    var removed = await client.RemoveTrustAsync(operands[0], cancellationToken).ConfigureAwait(false);
                    await context.Out.WriteLineAsync(json ? ClientCommand.Json(removed) : $"Node {ClientText.Line(removed.NodeId)}{Named(removed)} is no longer trusted.").ConfigureAwait(false);
                    break;
                default:
                    var entries = await client.ListTrustAsync(cancellationToken).ConfigureAwait(false);
                    await context.Out.WriteAsync(json ? ClientCommand.Json(entries) + "\n" : Table(entries, context.Users)).ConfigureAwait(false);
                    break;
            }

            return ExitCodes.Ok;
        }).ConfigureAwait(false);
    }

    private static string Named(TrustEntryDto entry) => entry.Name is { } n ? $" ({ClientText.Line(n)})" : string.Empty;

    /// <summary>One line per node: id, name, source, when, by whom.</summary>
    private static string Table(IReadOnlyList<TrustEntryDto> entries, UserNames users)
    {
        if (entries.Count == 0)
        {
            return "No trusted nodes. Add one with 'messngr trust add NODEID [--name NAME]'.\n";
        }

        var rows = new List<string[]> { Header };
        foreach (var e in entries)
        {
            rows.Add([ClientText.Line(e.NodeId), ClientText.Line(e.Name ?? "-"), e.Source, e.AddedAt.ToLocalTime().ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture), users.Describe(e.AddedByUid)]);
        }

        var widths = Enumerable.Range(0, rows[0].Length).Select(c => rows.Max(r => r[c].Length)).ToArray();
        var text = new System.Text.StringBuilder();
        foreach (var row in rows)
        {
            text.Append(string.Join("  ", row.Select((cell, c) => c == row.Length - 1 ? cell : cell.PadRight(widths[c])))).Append('\n');
        }

        return text.ToString();
    }
}
