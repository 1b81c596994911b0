using System.Globalization;
using Messngr.Daemon.Control.Api;
using Messngr.Daemon.Core;
using Messngr.Daemon.Sinks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Messngr.Daemon.Control;

/// <summary>
/// <c>POST /v1/messages/{id or seq}/read</c> (issue #13, item 6; <c>messngr read ID</c>,
/// <c>listen --ack</c>): the caller opened or acknowledged a message. {id} is the message id (a
/// UUIDv7, as history shows it) or the daemon's <c>seq</c> number. Only a message the caller may
/// read (<see cref="ControlAuthorization.MayReadMessage"/>, the rule of history) is found: another
/// user's message is 404, as one that does not exist, so its existence is not disclosed. The
/// <c>read</c> receipt goes through <see cref="IDaemonControl.Receipts"/> (recorded once, sent back
/// to a native sender); the answer is the message with its text, a sealed one included — the one
/// place a sealed message's text is handed out. A message id two sender nodes both used (each
/// stored: they are different messages) is 409 <c>ambiguous</c>, naming the seqs to choose from.
/// The message is searched among the caller's newest <see cref="ControlRequestHandler.MaxHistoryLimit"/>
/// messages, superseded ones included.
/// </summary>
internal static class ControlReadEndpoints
{
    public const string Prefix = "/v1/messages/";
    public const string Suffix = "/read";

    /// <summary>Whether <paramref name="path"/> is <c>/v1/messages/{key}/read</c>, and its key.</summary>
    public static bool TryMatch(string path, out string key) => TryMatchMessagePath(path, Suffix, out key);

    /// <summary>Whether <paramref name="path"/> is <c>/v1/messages/{key}</c> followed by <paramref name="suffix"/>, and its key (one path segment).</summary>
    public static bool TryMatchMessagePath(string path, string suffix, out string key)
    {
        key = string.Empty;
        if (!path.StartsWith(Prefix, StringComparison.Ordinal) || !path.EndsWith(suffix, StringComparison.Ordinal) ||
            path.Length <= Prefix.Length + suffix.Length)
        {
            return false;
        }

        key = path[Prefix.Length..^suffix.Length];
        return !key.Contains('/', StringComparison.Ordinal);
    }

    public static async Task ReadAsync(HttpContext context, IDaemonControl control, string key, uint uid, ILogger logger)
    {
        if (await FindOwnAsync(context, control, key, uid).ConfigureAwait(false) is not { } message)
        {
            return;
        }

        var recorded = DisplayedReceipts.Report(control.Receipts, message, ReceiptState.Read, DateTimeOffset.UtcNow, logger);
        DisplayedReceiptLog.Opened(logger, uid, message.Message.MessageId.ToString(), message.Id,
            control.Receipts is null ? "not recorded (no reporter)" : recorded ? "recorded" : "already recorded or not recordable");
        control.ReadEvents.Publish(uid, message); // the caller's displays close it (events=read)
        await ControlRequestHandler.WriteJsonAsync(context, StatusCodes.Status200OK, ControlDtoMapper.ToOpenedDto(message), ControlJsonContext.Default.MessageDto).ConfigureAwait(false);
    }

    /// <summary>
    /// The caller's message with this id or seq, or null when there is none (or it is ambiguous, or
    /// the store fails) and the error answer has been written.
    /// </summary>
    public static async Task<StoredMessage?> FindOwnAsync(HttpContext context, IDaemonControl control, string key, uint uid)
    {
        long? seq = null;
        MessageId? id = null;
        if (key.Length is > 0 and <= 18 && key.All(char.IsAsciiDigit))
        {
            seq = long.Parse(key, NumberStyles.None, CultureInfo.InvariantCulture);
        }
        else if (MessageId.TryParse(key, out var parsed, out _))
        {
            id = parsed;
        }
        else
        {
            await ControlRequestHandler.WriteErrorAsync(context, StatusCodes.Status400BadRequest, ControlErrors.Invalid,
                "ID must be a message id (a UUIDv7 such as 01890a5d-ac96-774b-bcce-b302099a8057) or a seq number, as 'messngr history' shows them").ConfigureAwait(false);
            return null;
        }

        IReadOnlyList<StoredMessage> history;
        try
        {
            history = control.History(uid, ControlRequestHandler.MaxHistoryLimit, includeSuperseded: true);
        }
        catch (StoreException ex)
        {
            await ControlRequestHandler.WriteErrorAsync(context, StatusCodes.Status503ServiceUnavailable, ControlErrors.StoreFailing, ex.Message).ConfigureAwait(false);
            return null;
        }

        var matches = history
            .Where(m => ControlAuthorization.MayReadMessage(m.Message, uid))
            .Where(m => seq is { } s ? m.Id == s : m.Message.MessageId == id)
            .ToList();
        if (matches.Count == 0)
        {
            await ControlRequestHandler.WriteErrorAsync(context, StatusCodes.Status404NotFound, ControlErrors.NotFound,
                $"no message {key} among yours (see 'messngr history')").ConfigureAwait(false);
            return null;
        }

        if (matches.Count > 1)
        {
            var seqs = string.Join(", ", matches.Select(m => m.Id.ToString(CultureInfo.InvariantCulture)));
            await ControlRequestHandler.WriteErrorAsync(context, StatusCodes.Status409Conflict, ControlErrors.Ambiguous,
                $"two sender nodes used the message id {key}: read it by its seq instead ({seqs})").ConfigureAwait(false);
            return null;
        }

        return matches[0];
    }
}
