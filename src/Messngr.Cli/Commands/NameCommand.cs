using Messngr.Cli.Control;
using Messngr.Cli.Options;
using Messngr.Cli.Help;

namespace Messngr.Cli.Commands;

/// <summary><c>messngr name</c>: lists, adds and deletes messenger names, like Windows' <c>net name</c>.</summary>
internal static class NameCommand
{
    public static readonly CommandHelp Manual = new(
        "name",
        "list, add (NAME /add) or delete (NAME /delete) messenger names, like 'net name'",
        """
        usage: messngr name [--json]
               messngr name NAME /add      (or: messngr name --add NAME)
               messngr name NAME /delete   (or: messngr name --delete NAME)
        """,
        """
        Like Windows' 'net name': without a name, lists the names this node answers for, with
        their type (computer, workgroup, user, alias), state (registering, registered, conflict,
        releasing) and owner. /add registers NAME<03> as a messenger alias owned by you, so
        messages to NAME reach you; /delete removes it again (yours only, unless you are root;
        the computer name and the workgroup cannot be deleted).
        """,
        NameOptionTable.All,
        [
            new(ExitCodes.Ok, "ok"),
            ClientExitCodeList.Usage,
            new(ExitCodes.DataError, "request refused (invalid name, not found, exists, conflict)"),
            ClientExitCodeList.NotRunning,
            ClientExitCodeList.Internal,
            ClientExitCodeList.TimedOut,
            new(ExitCodes.Permission, "permission denied (not your alias, the computer name)"),
            ClientExitCodeList.Config,
        ]);

    public static string Help => Manual.Text;

    public static int Run(IReadOnlyList<string> args) => RunAsync(args, CommandContext.FromConsole(), CancellationToken.None).GetAwaiter().GetResult();

    public static async Task<int> RunAsync(IReadOnlyList<string> args, CommandContext context, CancellationToken cancellationToken)
    {
        var line = CommandLine.Parse("name", args, NameOptionTable.All);
        if (line.Help)
        {
            await context.Out.WriteAsync(Help).ConfigureAwait(false);
            return ExitCodes.Ok;
        }

        var (action, name) = ParseAction(line);
        if (action != Action.List && Daemon.Names.NetBiosNameRule.Validate(name!.Trim(), string.Empty) is { } broken)
        {
            // The rule send and serve apply (issue #12, item 10); the daemon applies it too.
            throw new UsageException($"name: {ClientText.Line(broken)}");
        }

        var json = line.Values.GetValueOrDefault("json") == "yes";
        if (json && action != Action.List)
        {
            throw new UsageException("name: --json only goes with the list (messngr name --json)");
        }

        return await ClientCommand.RunAsync("name", context, line.Values, async client =>
        {
            switch (action)
            {
                case Action.Add:
                    var added = await client.AddNameAsync(name!, cancellationToken).ConfigureAwait(false);
                    await context.Out.WriteLineAsync(ClientText.Line(added.Message)).ConfigureAwait(false);
                    return ExitCodes.Ok;
                case Action.Delete:
                    var deleted = await client.DeleteNameAsync(name!, cancellationToken).ConfigureAwait(false);
                    await context.Out.WriteLineAsync(ClientText.Line(deleted.Message)).ConfigureAwait(false);
                    return ExitCodes.Ok;
                default:
                    var names = await client.ListNamesAsync(cancellationToken).ConfigureAwait(false);
                    await context.Out.WriteAsync(json ? ClientCommand.Json(names) + "\n" : ClientText.NameTable(names, context.Users)).ConfigureAwait(false);
                    return ExitCodes.Ok;
            }
        }).ConfigureAwait(false);
    }

    private enum Action
    {
        List,
        Add,
        Delete,
    }

    /// <summary>Windows syntax <c>NAME /add|/delete</c> (also <c>/del</c>, any case, either order) or POSIX <c>--add NAME</c>, <c>--delete NAME</c>.</summary>
    private static (Action Action, string? Name) ParseAction(CommandLine line)
    {
        var actions = new List<(Action Action, string? Name)>();
        if (line.Values.TryGetValue("add", out var add))
        {
            actions.Add((Action.Add, add));
        }

        if (line.Values.TryGetValue("delete", out var delete))
        {
            actions.Add((Action.Delete, delete));
        }

        var names = new List<string>();
        foreach (var arg in line.Positional)
        {
            switch (arg.ToUpperInvariant())
            {
                case "/ADD":
                    actions.Add((Action.Add, null));
                    break;
                case "/DELETE" or "/DEL":
                    actions.Add((Action.Delete, null));
                    break;
                default:
                    if (arg.StartsWith('/'))
                    {
                        throw new UsageException($"name: unknown switch '{arg}' (use /add or /delete)");
                    }

                    names.Add(arg);
                    break;
            }
        }

        if (actions.Count > 1)
        {
            throw new UsageException("name: give one of /add and /delete");
        }

        if (actions.Count == 0)
        {
            return names.Count == 0
                ? (Action.List, null)
                : throw new UsageException($"name: say what to do with '{names[0]}': 'messngr name {names[0]} /add' or '/delete'");
        }

        var (action, optionName) = actions[0];
        if (optionName is not null)
        {
            return names.Count == 0 ? (action, optionName) : throw new UsageException($"name: unexpected argument '{names[0]}'");
        }

        return names.Count switch
        {
            1 => (action, names[0]),
            0 => throw new UsageException($"name: /{action.ToString().ToLowerInvariant()} needs a NAME (messngr name NAME /{action.ToString().ToLowerInvariant()})"),
            _ => throw new UsageException($"name: one name at a time, not '{string.Join(' ', names)}'"),
        };
    }
}
