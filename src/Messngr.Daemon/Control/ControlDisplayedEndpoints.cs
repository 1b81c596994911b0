using Messngr.Daemon.Control.Api;
using Messngr.Daemon.Core;
using Messngr.Daemon.Sinks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Messngr.Daemon.Control;

/// <summary>
/// <c>POST /v1/messages/{id or seq}/displayed</c> (issue #14, item 1): a display that reports its
/// own "on screen" — the desktop agent, once the notification server's <c>Notify</c> returned an
/// id — says the message is shown. Its stream (<c>GET /v1/listen?display=agent</c>) reports
/// nothing when it writes a line (<see cref="ControlListenStream"/>). Found as <c>/read</c> finds
/// it (<see cref="ControlReadEndpoints.FindOwnAsync"/>: only the caller's own message, another
/// user's is 404); the displayed receipt (docs/native-protocol.md §5.4) is recorded once, so the
/// call is idempotent. The answer is the message as listen shows it: a sealed one stays an envelope.
/// </summary>
internal static class ControlDisplayedEndpoints
{
    public const string Suffix = "/displayed";

    /// <summary>The display that reports its own displayed receipts through this endpoint.</summary>
    public const string AgentDisplay = "agent";

    /// <summary>Whether <paramref name="path"/> is <c>/v1/messages/{key}/displayed</c>, and its key.</summary>
    public static bool TryMatch(string path, out string key) => ControlReadEndpoints.TryMatchMessagePath(path, Suffix, out key);

    public static async Task DisplayedAsync(HttpContext context, IDaemonControl control, string key, uint uid, ILogger logger)
    {
        if (await ControlReadEndpoints.FindOwnAsync(context, control, key, uid).ConfigureAwait(false) is not { } message)
        {
            return;
        }

        var recorded = DisplayedReceipts.Report(control.Receipts, message, ReceiptState.Displayed, DateTimeOffset.UtcNow, logger);
        DisplayedReceiptLog.Shown(logger, uid, message.Message.MessageId.ToString(), message.Id,
            control.Receipts is null ? "not recorded (no reporter)" : recorded ? "recorded" : "already recorded or not recordable");
        await ControlRequestHandler.WriteJsonAsync(context, StatusCodes.Status200OK, ControlDtoMapper.ToDto(message), ControlJsonContext.Default.MessageDto).ConfigureAwait(false);
    }
}
