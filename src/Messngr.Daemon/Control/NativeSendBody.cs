using System.Globalization;
using System.Net;
using System.Text;
using Messngr.Daemon.Control.Api;
using Messngr.Daemon.Core;

namespace Messngr.Daemon.Control;

/// <summary>
/// The messages a <c>POST /v1/send</c> body describes (issue #13, item 8; one request for many
/// recipients: issue #13, many): <c>recipient</c> gives one message, <c>recipients</c> one per entry
/// (at most <see cref="DaemonLimits.MaxSendRecipients"/>), each with its own message id and the
/// same text and options. Every field is checked before anything is sent: one bad entry refuses
/// the whole request (400), so a caller never has to find out which part went.
/// </summary>
internal static class NativeSendBody
{
    /// <summary>docs/native-protocol.md §8: SENDER-USER and RECIPIENT are 1..64 bytes of UTF-8, TEXT at most 65,536.</summary>
    public const int MaxLabelBytes = 64;
    public const int MaxTextBytes = 65_536;

    /// <summary>A message never stays longer than the receivers' dedupe window (§11): older ones are refused there anyway.</summary>
    public static readonly TimeSpan MaxExpiry = TimeSpan.FromDays(30);

    /// <summary>What a body that is not JSON at all is told to look like.</summary>
    public const string Shape = "the body must be JSON: {\"recipient\":\"NAME[@HOST[:PORT]]\",\"text\":\"…\"} or {\"recipients\":[\"NAME[@HOST[:PORT]]\",…],\"text\":\"…\"}";

    /// <summary>
    /// The messages from <paramref name="user"/> (<paramref name="uid"/>) in the order of the body's
    /// recipients; null, or what is wrong with the body.
    /// </summary>
    public static string? Build(NativeSendRequest? body, string user, uint uid, DaemonLimits limits, out IReadOnlyList<OutgoingMessage> messages)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(limits);
        messages = [];
        if (body is null)
        {
            return "the body must be a JSON object";
        }

        if (Recipients(body, limits, out var recipients) is { } badRecipients)
        {
            return badRecipients;
        }

        if (string.IsNullOrWhiteSpace(body.Text))
        {
            return "the text is empty";
        }

        if (Encoding.UTF8.GetByteCount(body.Text) > MaxTextBytes)
        {
            return $"the text is longer than {MaxTextBytes} bytes of UTF-8 (docs/native-protocol.md §8)";
        }

        var priority = Priority.Normal;
        if (body.Priority is not null && !PriorityText.TryParse(body.Priority, out priority))
        {
            return "priority must be low, normal, high or critical";
        }

        if (body.ExpiresInSeconds is { } seconds && (seconds < 1 || seconds > MaxExpiry.TotalSeconds))
        {
            return $"expiresInSeconds must be from 1 to {MaxExpiry.TotalSeconds:0} (30 days)";
        }

        if (body.CorrelationKey is { Length: > 0 } key && CorrelationKey.Problem(key) is { } badKey)
        {
            return badKey;
        }

        MessageId? replyTo = null;
        if (body.ReplyTo is { Length: > 0 } replyText)
        {
            if (!MessageId.TryParse(replyText, out var parsed, out _))
            {
                return "replyTo must be a message id";
            }

            replyTo = parsed;
        }

        if (Encoding.UTF8.GetByteCount(user) > MaxLabelBytes)
        {
            return $"your login name is longer than {MaxLabelBytes} bytes, the limit of the native protocol's SENDER-USER (§8)";
        }

        var now = DateTimeOffset.UtcNow;
        var built = new OutgoingMessage[recipients.Count];
        for (var i = 0; i < built.Length; i++)
        {
            built[i] = new OutgoingMessage(MessageId.New(), recipients[i], user, uid, body.Text, now)
            {
                Priority = priority,
                ExpiresAt = body.ExpiresInSeconds is { } s ? now.AddSeconds(s) : null,
                Sealed = body.Sealed == true,
                CorrelationKey = body.CorrelationKey is { Length: > 0 } k ? k : null,
                ReplyTo = replyTo,
            };
        }

        messages = built;
        return null;
    }

    /// <summary>The body's recipients, trimmed and each checked; exactly one of <c>recipient</c> and <c>recipients</c> is given.</summary>
    private static string? Recipients(NativeSendRequest body, DaemonLimits limits, out IReadOnlyList<string> recipients)
    {
        recipients = [];
        if (body.Recipients is not { } list)
        {
            var one = body.Recipient?.Trim() ?? string.Empty;
            recipients = [one];
            return RecipientProblem(one);
        }

        if (body.Recipient is not null)
        {
            return "give recipient (one) or recipients (a list), not both";
        }

        if (list.Count == 0)
        {
            return "recipients is empty (give at least one NAME or NAME@HOST[:PORT])";
        }

        if (list.Count > limits.MaxSendRecipients)
        {
            return $"at most {limits.MaxSendRecipients} recipients in one request ({list.Count} given); split the list";
        }

        var trimmed = new string[list.Count];
        for (var i = 0; i < trimmed.Length; i++)
        {
            trimmed[i] = list[i]?.Trim() ?? string.Empty;
            if (RecipientProblem(trimmed[i]) is { } problem)
            {
                return $"recipients[{i}]: {problem}";
            }
        }

        recipients = trimmed;
        return null;
    }

    /// <summary><c>NAME</c> or <c>NAME@HOST[:PORT]</c>: a NetBIOS name of at most 64 bytes (§8 RECIPIENT), an IPv4 address or host name, a port 1–65535.</summary>
    internal static string? RecipientProblem(string recipient)
    {
        ArgumentNullException.ThrowIfNull(recipient);
        if (recipient.Length == 0)
        {
            return "no recipient (NAME or NAME@HOST[:PORT])";
        }

        var at = recipient.IndexOf('@', StringComparison.Ordinal);
        var name = at < 0 ? recipient : recipient[..at];
        if (Names.NetBiosNameRule.Validate(name, "recipient") is { } badName)
        {
            return badName;
        }

        if (Encoding.UTF8.GetByteCount(name) > MaxLabelBytes)
        {
            return $"the recipient name is longer than {MaxLabelBytes} bytes of UTF-8";
        }

        if (at < 0)
        {
            return null;
        }

        var host = recipient[(at + 1)..];
        var colon = host.LastIndexOf(':');
        if (colon >= 0)
        {
            if (!int.TryParse(host.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
            {
                return $"the port of {Display.TerminalText.SingleLine(recipient)} must be from 1 to 65535";
            }

            host = host[..colon];
        }

        var literal = IPAddress.TryParse(host, out var address) && address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork;
        return literal || Resolution.HostNameRule.IsHostName(host) ? null : $"the host of {Display.TerminalText.SingleLine(recipient)} is not {Resolution.HostNameRule.Rule}";
    }
}
