using Messngr.Cli.Control;
using Messngr.Cli.Help;
using Messngr.Cli.Options;

namespace Messngr.Cli.Commands;

/// <summary><c>messngr id</c>: this node's id, Syncthing-style (issue #13, item 2).</summary>
internal static class IdCommand
{
    public static readonly CommandHelp Manual = new(
        "id",
        "print this node's id (the hash of its public key) for others to trust",
        "usage: messngr id [--json] [--state-dir DIR] [--timeout S]",
        """
        Prints the running daemon's node id: eight groups of seven letters and digits, a hash of
        the node's public key made on the first start of 'messngr serve'. Give it to the admins
        of other messngr nodes ('messngr trust add NODEID'); over the phone, compare the first
        group. Any local user may ask: the id is public.
        """,
        IdOptionTable.All,
        [new(ExitCodes.Ok, "ok"), ClientExitCodeList.Usage, ClientExitCodeList.NotRunning, ClientExitCodeList.Internal, ClientExitCodeList.TimedOut, ClientExitCodeList.Permission, ClientExitCodeList.Config]);

    public static string Help => Manual.Text;

    public static int Run(IReadOnlyList<string> args) => RunAsync(args, CommandContext.FromConsole(), CancellationToken.None).GetAwaiter().GetResult();

    public static async Task<int> RunAsync(IReadOnlyList<string> args, CommandContext context, CancellationToken cancellationToken)
    {
        var line = CommandLine.Parse("id", args, IdOptionTable.All);
        if (line.Help)
        {
            await context.Out.WriteAsync(Help).ConfigureAwait(false);
            return ExitCodes.Ok;
        }

        if (line.Positional.Count > 0)
        {
            throw new UsageException($"id: unexpected argument '{line.Positional[0]}'");
        }

        var json = line.Values.GetValueOrDefault("json") == "yes";
        return await ClientCommand.RunAsync("id", context, line.Values, async client =>
        {
            var id = await client.NodeIdAsync(cancellationToken).ConfigureAwait(false);
            await context.Out.WriteLineAsync(json ? ClientCommand.Json(id) : ClientText.Line(id.NodeId)).ConfigureAwait(false);
            return ExitCodes.Ok;
        }).ConfigureAwait(false);
    }
}
