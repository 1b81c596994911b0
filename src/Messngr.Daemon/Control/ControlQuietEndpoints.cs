using System.Text.Json;
using Messngr.Daemon.Control.Api;
using Messngr.Daemon.Core;
using Messngr.Daemon.Quiet;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Messngr.Daemon.Control;

/// <summary>
/// <c>GET /v1/quiet</c> and <c>PUT /v1/quiet</c> (issue #14, item 3; <c>messngr dnd</c>,
/// <c>messngr quiet-hours</c>): the caller's do-not-disturb and quiet hours. The uid is the
/// caller's from SO_PEERCRED and nothing in the request names another, so every user — root
/// included — reads and changes only their own.
/// </summary>
internal static class ControlQuietEndpoints
{
    public const string Path = "/v1/quiet";

    public static Task GetAsync(HttpContext context, IDaemonControl control, uint uid)
    {
        if (control.Quiet is not { } quiet)
        {
            return Unavailable(context);
        }

        return ControlRequestHandler.WriteJsonAsync(context, StatusCodes.Status200OK, ToDto(quiet, uid), ControlJsonContext.Default.QuietDto);
    }

    public static async Task PutAsync(HttpContext context, IDaemonControl control, uint uid, ILogger logger)
    {
        if (control.Quiet is not { } quiet)
        {
            await Unavailable(context).ConfigureAwait(false);
            return;
        }

        QuietRequest? body;
        try
        {
            body = await JsonSerializer.DeserializeAsync(context.Request.Body, ControlJsonContext.Default.QuietRequest, context.RequestAborted).ConfigureAwait(false);
        }
        catch (JsonException)
        {
            await Invalid(context, "the body must be JSON: {\"dnd\":\"on|off|until\",\"until\":\"TIME\",\"quietHours\":\"HH:MM-HH:MM|off\"}").ConfigureAwait(false);
            return;
        }
        catch (BadHttpRequestException ex)
        {
            await ControlRequestHandler.WriteErrorAsync(context, ex.StatusCode, ControlErrors.Invalid, "the request body is too large").ConfigureAwait(false);
            return;
        }

        if (body is null || (body.Dnd is null && body.QuietHours is null))
        {
            await Invalid(context, "say what to change: dnd (on, off or until) and/or quietHours (HH:MM-HH:MM or off)").ConfigureAwait(false);
            return;
        }

        var settings = quiet.SettingsOf(uid);
        switch (body.Dnd?.Trim().ToLowerInvariant())
        {
            case null:
                break;
            case "on" when body.Until is null:
                settings = settings with { DoNotDisturb = true, DoNotDisturbUntil = null };
                break;
            case "off" when body.Until is null:
                settings = settings with { DoNotDisturb = false, DoNotDisturbUntil = null };
                break;
            case "until":
                if (!quiet.TryParseUntil(body.Until, out var until, out var untilError))
                {
                    await Invalid(context, untilError).ConfigureAwait(false);
                    return;
                }

                settings = settings with { DoNotDisturb = true, DoNotDisturbUntil = until };
                break;
            default:
                await Invalid(context, "dnd must be on, off or until (until needs 'until': TIME; on and off take none)").ConfigureAwait(false);
                return;
        }

        if (body.QuietHours is { } hoursText)
        {
            if (string.Equals(hoursText.Trim(), "off", StringComparison.OrdinalIgnoreCase))
            {
                settings = settings with { Hours = null };
            }
            else if (QuietWindow.TryParse(hoursText, out var window, out var hoursError))
            {
                settings = settings with { Hours = window };
            }
            else
            {
                await Invalid(context, hoursError).ConfigureAwait(false);
                return;
            }
        }

        try
        {
            quiet.Store.Set(uid, settings);
        }
        catch (StoreException ex)
        {
            await ControlRequestHandler.WriteErrorAsync(context, StatusCodes.Status503ServiceUnavailable, ControlErrors.StoreFailing, ex.Message).ConfigureAwait(false);
            return;
        }

        var dto = ToDto(quiet, uid);
        ControlLog.QuietChanged(logger, uid, dto.Dnd, dto.QuietHours ?? "off");
        await ControlRequestHandler.WriteJsonAsync(context, StatusCodes.Status200OK, dto, ControlJsonContext.Default.QuietDto).ConfigureAwait(false);
    }

    public static QuietDto ToDto(QuietHours quiet, uint uid)
    {
        var settings = quiet.SettingsOf(uid);
        var now = quiet.Now;
        if (settings.DoNotDisturbUntil <= now)
        {
            // 'until' has passed: do not disturb ended by itself.
            settings = settings with { DoNotDisturb = false, DoNotDisturbUntil = null };
        }

        var status = settings.Evaluate(now, quiet.Zone);
        var dnd = !settings.DoNotDisturb ? "off" : settings.DoNotDisturbUntil is null ? "on" : "until";
        var reason = status.Reason switch
        {
            QuietReason.DoNotDisturb => "dnd",
            QuietReason.QuietHours => "quiet-hours",
            _ => "none",
        };
        return new QuietDto(dnd, settings.DoNotDisturbUntil, settings.Hours?.ToString(), status.IsQuiet, reason, status.EndsAt, quiet.Zone.Id);
    }

    private static Task Unavailable(HttpContext context) =>
        ControlRequestHandler.WriteErrorAsync(context, StatusCodes.Status503ServiceUnavailable, ControlErrors.StoreFailing, "the daemon keeps no quiet settings yet");

    private static Task Invalid(HttpContext context, string message) =>
        ControlRequestHandler.WriteErrorAsync(context, StatusCodes.Status400BadRequest, ControlErrors.Invalid, message);
}
