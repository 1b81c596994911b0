using System.Text.Json;
using Messngr.Daemon.Control.Api;
using Messngr.Daemon.Sending;
using Microsoft.AspNetCore.Http;

namespace Messngr.Daemon.Control;

/// <summary>
/// <c>POST /v1/messages/{id or seq}/reply {text, priority?}</c> (issue #14, reply): the one reply
/// path of the web page and the agent.
/// <code>
/// POST /v1/messages/{id or seq}/reply {text, priority?} → 200 AnySendDto {results: [AnySendResultDto]}
///                                                       400 bad body, 404 not the caller's, 409 ambiguous, 429 busy, 503 send-off
/// </code>
/// Only the caller's own message is answered (found as <c>/read</c> finds it: another user's is
/// 404, as one that does not exist). The recipient is the daemon's (<see cref="ReplyTarget"/> over
/// its own peer table and trust list, never a field of the body); the send is
/// <c>POST /v1/send/any</c>'s (<see cref="ControlAnySendEndpoints.SendAsAsync"/>: as the caller,
/// the same body, text and per-uid in-flight bounds, natively with replyTo = the original message
/// id, classic to the sender's name).
/// </summary>
internal static class ControlReplyEndpoint
{
    public const string Suffix = "/reply";

    private const string Shape = "the body must be JSON: {\"text\":\"…\",\"priority\":\"normal\"}";

    /// <summary>Whether <paramref name="path"/> is <c>/v1/messages/{key}/reply</c>, and its key.</summary>
    public static bool TryMatch(string path, out string key) => ControlReadEndpoints.TryMatchMessagePath(path, Suffix, out key);

    public static async Task ReplyAsync(HttpContext context, IDaemonControl control, ControlAnySendEndpoints send, string key, uint uid)
    {
        if (control.SendStack is null)
        {
            await ControlRequestHandler.WriteErrorAsync(context, StatusCodes.Status503ServiceUnavailable, ControlErrors.SendOff, "this daemon has no send engine").ConfigureAwait(false);
            return;
        }

        send.LimitBody(context);
        ReplyRequest? body;
        try
        {
            body = await JsonSerializer.DeserializeAsync(context.Request.Body, ControlJsonContext.Default.ReplyRequest, context.RequestAborted).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is JsonException or BadHttpRequestException)
        {
            await send.BodyErrorAsync(context, ex, Shape).ConfigureAwait(false);
            return;
        }

        var problem = body is null ? "the body must be a JSON object" : ControlAnySendEndpoints.CheckText(body.Text, body.Priority, out _);
        if (problem is not null)
        {
            await ControlRequestHandler.WriteErrorAsync(context, StatusCodes.Status400BadRequest, ControlErrors.Invalid, problem).ConfigureAwait(false);
            return;
        }

        if (await ControlReadEndpoints.FindOwnAsync(context, control, key, uid).ConfigureAwait(false) is not { } stored)
        {
            return;
        }

        _ = ControlAnySendEndpoints.CheckText(body!.Text, body.Priority, out var text);
        var message = ControlDtoMapper.ToDto(stored);
        IReadOnlyList<PeerDto> peers = control.Peers?.Snapshot().Select(ControlPeerEndpoints.ToDto).ToList() ?? [];
        IReadOnlyList<TrustEntryDto> trust = control.TrustList?.All().Select(ControlTrustEndpoints.ToDto).ToList() ?? [];
        var target = ReplyTarget.For(message, peers, trust);
        var native = ReplyTarget.IsNative(message, out _);
        // The sender's name is the sender's to choose: a classic sender called '*' or '/users' is
        // answered to no broadcast and no terminal, only to one name (native: one name at its node).
        if (!RecipientParser.TryParse(target, out var recipient, out var error) ||
            (native ? recipient.Form != RecipientForm.NameAtHost || recipient.Port is null : recipient.Form != RecipientForm.Name))
        {
            await ControlRequestHandler.WriteErrorAsync(context, StatusCodes.Status400BadRequest, ControlErrors.Invalid,
                $"message {key} cannot be answered: its sender {Display.TerminalText.SingleLine(target)} is no single recipient{(error is { Length: > 0 } ? $" ({error})" : string.Empty)}").ConfigureAwait(false);
            return;
        }

        await send.SendAsAsync(context, uid, [recipient], text, body.Priority, native ? message.Id : null).ConfigureAwait(false);
    }
}
