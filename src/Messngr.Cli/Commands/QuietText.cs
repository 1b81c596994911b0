using System.Globalization;
using Messngr.Cli.Control;
using Messngr.Cli.Help;
using Messngr.Daemon.Control.Api;

namespace Messngr.Cli.Commands;

/// <summary>What <c>messngr dnd</c> and <c>messngr quiet-hours</c> share: exit codes and the settings as text (issue #14, item 3).</summary>
internal static class QuietText
{
    public static readonly IReadOnlyList<ExitCode> ExitCodeList =
    [
        new(ExitCodes.Ok, "ok"),
        ClientExitCodeList.Usage,
        new(ExitCodes.DataError, "refused by the daemon (a TIME that has passed or is more than a year ahead, bad quiet hours)"),
        ClientExitCodeList.NotRunning,
        ClientExitCodeList.Internal,
        ClientExitCodeList.TimedOut,
        ClientExitCodeList.Permission,
        ClientExitCodeList.Config,
    ];

    /// <summary>
    /// Three lines: do not disturb, quiet hours, and what holds now, e.g.
    /// <c>Do not disturb: on until 2026-12-07 23:00</c> / <c>Quiet hours: 22:00-07:00</c> /
    /// <c>Now: quiet (do not disturb) until 2026-12-07 23:00; critical messages are still shown</c>.
    /// Times are the client's local time.
    /// </summary>
    public static string Describe(QuietDto quiet)
    {
        var dnd = quiet.Dnd switch
        {
            "on" => "on (until 'messngr dnd off')",
            "until" when quiet.DndUntil is { } until => "on until " + Local(until),
            _ => "off",
        };
        var hours = quiet.QuietHours is { } h ? $"{ClientText.Line(h)} every day ({ClientText.Line(quiet.TimeZone)} time)" : "none";
        var now = !quiet.Quiet
            ? "messages are shown at once"
            : $"quiet ({(quiet.Reason == "quiet-hours" ? "quiet hours" : "do not disturb")}){(quiet.QuietUntil is { } end ? " until " + Local(end) : string.Empty)}; messages wait, critical ones are shown at once";
        return $"Do not disturb: {dnd}\nQuiet hours: {hours}\nNow: {now}\n";
    }

    private static string Local(DateTimeOffset when) => when.ToLocalTime().ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
}
