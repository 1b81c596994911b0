namespace Messngr.Cli.Options;

/// <summary>
/// <c>messngr alert</c>'s options (issue #15, item 3): <c>--to</c> and <c>--alert-names</c>, then
/// <c>messngr send</c>'s own, passed on to it as they are (priority defaults to high here).
/// </summary>
internal static class AlertOptionTable
{
    public static readonly IReadOnlyList<CommandOption> All =
    [
        new("to", "LIST", "send to these recipients instead of the alert names: comma or space separated, each as 'messngr send' takes it (NAME, NAME@HOST, /domain[:WG], ...)"),
        new("alert-names", "LIST", "the alert names for this run (default: 'alert names' in the config file, MESSNGR_ALERT_NAMES)"),
        .. SendOptionTable.All.Select(o => o.Name == "priority"
            ? o with { Help = "low, normal, high (default for an alert) or critical; carried natively only: the classic protocols have no priority and ignore it" }
            : o),
    ];
}
