namespace Messngr.Cli.Options;

/// <summary><c>messngr name</c>'s options: the parser, --help, completions and man page read this table.</summary>
internal static class NameOptionTable
{
    public static readonly IReadOnlyList<CommandOption> All =
    [
        new("add", "NAME", "add NAME as your messenger alias (as 'NAME /add')"),
        new("delete", "NAME", "delete the alias NAME (as 'NAME /delete')", OptionCompletion.Name),
        new("json", null, "print the list as a JSON array of objects (name, suffix, type, kind, state, ownerUid, detail); an error is {\"error\", \"exitCode\"}"),
        ClientOptions.StateDir with { Help = ClientOptions.StateDir.Help + "; a user without a daemon of their own uses the system one in /var/lib/messngr" },
        ClientOptions.Timeout,
    ];
}
