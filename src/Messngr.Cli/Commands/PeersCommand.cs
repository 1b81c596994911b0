using System.Globalization;
using Messngr.Cli.Control;
using Messngr.Cli.Help;
using Messngr.Cli.Options;
using Messngr.Daemon.Control.Api;

namespace Messngr.Cli.Commands;

/// <summary><c>messngr peers</c>: the messngr nodes LAN discovery heard and the static peers (issue #13, item 5).</summary>
internal static class PeersCommand
{
    private static readonly string[] Header = ["NODE", "NAMES", "ADDRESS", "LAST SEEN", "KNOWN", "TRUSTED"];

    public static readonly CommandHelp Manual = new(
        "peers",
        "list the messngr nodes discovery heard on the LAN and the static peers",
        "usage: messngr peers [--json] [--state-dir DIR] [--timeout S]",
        """
        Lists the nodes whose signed announcements the daemon accepted on 2426/udp in the last
        90 seconds, and the static peers of 'native peers': short node id, names, address:port,
        when last heard, how known (announced, static or both) and whether the node is in the
        trust list. A name the trust list pins to another node is never listed for the node that
        announced it; an untrusted node's names are listed, marked untrusted. --json also gives
        the full node ids. Any local user may ask: announcements are public.
        """,
        PeersOptionTable.All,
        [new(ExitCodes.Ok, "ok"), ClientExitCodeList.Usage, ClientExitCodeList.NotRunning, ClientExitCodeList.Internal, ClientExitCodeList.TimedOut, ClientExitCodeList.Permission, ClientExitCodeList.Config]);

    public static string Help => Manual.Text;

    public static int Run(IReadOnlyList<string> args) => RunAsync(args, CommandContext.FromConsole(), CancellationToken.None).GetAwaiter().GetResult();

    public static async Task<int> RunAsync(IReadOnlyList<string> args, CommandContext context, CancellationToken cancellationToken)
    {
        var line = CommandLine.Parse("peers", args, PeersOptionTable.All);
        if (line.Help)
        {
            await context.Out.WriteAsync(Help).ConfigureAwait(false);
            return ExitCodes.Ok;
        }

        if (line.Positional.Count > 0)
        {
            throw new UsageException($"peers: unexpected argument '{line.Positional[0]}'");
        }

        var json = line.Values.GetValueOrDefault("json") == "yes";
        return await ClientCommand.RunAsync("peers", context, line.Values, async client =>
        {
            var peers = await client.PeersAsync(cancellationToken).ConfigureAwait(false);
            await context.Out.WriteAsync(json ? ClientCommand.Json(peers) + "\n" : Table(peers)).ConfigureAwait(false);
            return ExitCodes.Ok;
        }).ConfigureAwait(false);
    }

    /// <summary>One line per node; names and addresses came off the LAN, so they are sanitised.</summary>
    private static string Table(IReadOnlyList<PeerDto> peers)
    {
        if (peers.Count == 0)
        {
            return "No peers: no node announced itself in the last 90 s and 'native peers' is empty.\n";
        }

        var rows = new List<string[]> { Header };
        foreach (var p in peers)
        {
            rows.Add([
                ClientText.Line(p.Short ?? "-"),
                p.Names.Count == 0 ? "-" : ClientText.Line(string.Join(",", p.Names)),
                ClientText.Line($"{p.Address}:{p.Port}"),
                p.LastSeen?.ToLocalTime().ToString("HH:mm:ss", CultureInfo.InvariantCulture) ?? "-",
                p.Source,
                p.NodeId is null ? "-" : p.Trusted ? "yes" : "no",
            ]);
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
