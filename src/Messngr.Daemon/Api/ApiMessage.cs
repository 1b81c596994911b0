using System.Globalization;
using System.Text.Json;
using Messngr.Daemon.Sending;

namespace Messngr.Daemon.Api;

/// <summary>
/// A checked <c>POST /v1/messages</c> (issue #15, item 1): the recipients parsed as <c>messngr send</c>
/// parses them, the text to send (the title as its first line, "TITLE", a blank line, then the text:
/// no classic transport carries a title, and the native frame has no title field), and the native
/// extras. <c>close</c> prefixes "RESOLVED: " to the first line, so the replacement says the alert is over.
/// </summary>
internal sealed record ApiMessage(IReadOnlyList<Recipient> Recipients, string Text, string? Priority, long? ExpiresInSeconds, string? CorrelationKey)
{
    public const int MaxTitleCharacters = 256;
    public const string ClosedPrefix = "RESOLVED: ";

    /// <summary>Checks <paramref name="body"/>; null and the message, or the problem in a sentence (400).</summary>
    public static string? TryCreate(ApiMessageRequest body, IReadOnlyList<string> recipients, DateTimeOffset now, out ApiMessage message)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(recipients);
        message = null!;
        var parsed = new List<Recipient>(recipients.Count);
        foreach (var raw in recipients)
        {
            var to = raw?.Trim() ?? string.Empty;
            if (to.StartsWith('@'))
            {
                return "a recipient list (@FILE) is for 'messngr send' only; give the recipients";
            }

            if (!RecipientParser.TryParse(to, out var recipient, out var error))
            {
                return $"recipient '{Display.TerminalText.SingleLine(to)}': {error}";
            }

            parsed.Add(recipient);
        }

        var title = body.Title?.Trim();
        if (title is { Length: > MaxTitleCharacters } || (title is not null && title.Any(char.IsControl)))
        {
            return $"title is one line of at most {MaxTitleCharacters} characters";
        }

        if (body.CorrelationKey is { } key && Core.CorrelationKey.Problem(key) is { } badKey)
        {
            return "correlationKey: " + badKey;
        }

        if (body.Close == true && body.CorrelationKey is null)
        {
            return "close needs the correlationKey of the message it closes";
        }

        if (ExpiresProblem(body.Expires, now, out var expires) is { } badExpiry)
        {
            return badExpiry;
        }

        var composed = title is { Length: > 0 } ? $"{title}\n\n{body.Text}" : body.Text;
        if (body.Close == true && composed is not null)
        {
            composed = ClosedPrefix + composed;
        }

        if (Control.ControlAnySendEndpoints.CheckText(composed, body.Priority, out var text) is { } badText)
        {
            return badText;
        }

        message = new ApiMessage(parsed, text, body.Priority, expires, body.CorrelationKey);
        return null;
    }

    /// <summary><c>expires</c>: whole seconds from now, or an RFC 3339 time (with its offset); 1 s to 30 days either way.</summary>
    private static string? ExpiresProblem(JsonElement? expires, DateTimeOffset now, out long? seconds)
    {
        seconds = null;
        const string shape = "expires is seconds from now (1 to 2592000) or an RFC 3339 time such as 2026-12-07T18:00:00Z within 30 days";
        if (expires is not { } value || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var n))
        {
            seconds = n;
        }
        else if (value.ValueKind == JsonValueKind.String && value.GetString() is { } text &&
                 text.Contains('T', StringComparison.OrdinalIgnoreCase) && (text.EndsWith('Z') || text.EndsWith('z') || text.LastIndexOfAny(['+', '-']) > text.IndexOf('T', StringComparison.OrdinalIgnoreCase)) &&
                 DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var at))
        {
            seconds = (long)Math.Ceiling((at - now).TotalSeconds);
        }
        else
        {
            return shape;
        }

        return seconds < 1 || seconds > Control.NativeSendBody.MaxExpiry.TotalSeconds ? shape : null;
    }
}
