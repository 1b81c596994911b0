using System.Globalization;
using System.Net;
using System.Text.Json;
using Messngr.Cli.Commands;
using Messngr.Daemon.Sending;

namespace Messngr.Send;

/// <summary>
/// Reads the daemon's answer to <c>POST /v1/send/any</c> (<c>{"results":[AnySendResultDto…]}</c>)
/// back into the <see cref="RecipientResult"/>s <c>messngr send</c> prints, so the result line and
/// exit code are <see cref="SendResultLine"/>'s and <see cref="SendExitCodes"/>' own. A forward-only
/// <see cref="Utf8JsonReader"/> rather than a serializer context: the one-shot client keeps its image
/// (and so its start-up) small. Unknown fields are skipped; an answer without results is an error.
/// </summary>
internal static class AnySendAnswerReader
{
    public static IReadOnlyList<RecipientResult> Read(byte[] json)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 8 });
        var results = new List<RecipientResult>();
        try
        {
            Expect(ref reader, JsonTokenType.StartObject);
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (!reader.ValueTextEquals("results"u8))
                {
                    reader.Read();
                    reader.Skip();
                    continue;
                }

                Expect(ref reader, JsonTokenType.StartArray);
                while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
                {
                    results.Add(ReadResult(ref reader));
                }
            }
        }
        catch (JsonException ex)
        {
            throw new DaemonExchangeException($"the daemon's answer is not the JSON of a send ({ex.Message})");
        }

        return results.Count > 0 ? results : throw new DaemonExchangeException("the daemon's answer names no result");
    }

    private static RecipientResult ReadResult(ref Utf8JsonReader reader)
    {
        var fields = new Dictionary<string, string?>(StringComparer.Ordinal);
        var verified = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString()!;
            reader.Read();
            switch (reader.TokenType)
            {
                case JsonTokenType.String:
                    fields[name] = reader.GetString();
                    break;
                case JsonTokenType.True or JsonTokenType.False:
                    verified |= name == "verified" && reader.GetBoolean();
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        var recipientText = fields.GetValueOrDefault("recipient") ?? throw new JsonException("a result has no recipient");
        if (!RecipientParser.TryParse(recipientText, out var recipient, out var error))
        {
            throw new JsonException($"a result's recipient is not one: {error}");
        }

        var outcome = Outcome(fields.GetValueOrDefault("outcome"));
        var transport = fields.GetValueOrDefault("transport") is { } t
            ? (SendTransportWords.TryParse(t, out var parsed) ? parsed : throw new JsonException($"unknown transport {t}"))
            : (SendTransport?)null;
        var address = fields.GetValueOrDefault("address") is { } a && IPAddress.TryParse(a, out var ip) ? ip : null;
        var result = new RecipientResult(recipient, outcome, transport, address, fields.GetValueOrDefault("to"), fields.GetValueOrDefault("detail") ?? string.Empty);
        if (transport == SendTransport.Native && fields.GetValueOrDefault("messageId") is { } id)
        {
            var retryUntil = fields.GetValueOrDefault("retryUntil") is { } until
                && DateTimeOffset.TryParse(until, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at) ? at : (DateTimeOffset?)null;
            result = result with { Native = new NativeDelivery(id, fields.GetValueOrDefault("state") ?? string.Empty, fields.GetValueOrDefault("nodeId"), verified, retryUntil) };
        }

        return result;
    }

    /// <summary>Every outcome (listed, not <c>Enum.GetValues</c>: no enum metadata to build at start-up).</summary>
    private static readonly SendOutcome[] Outcomes =
    [
        SendOutcome.Delivered, SendOutcome.AcceptedForBroadcast, SendOutcome.NameNotFound, SendOutcome.Refused, SendOutcome.Unreachable,
        SendOutcome.TimedOut, SendOutcome.ProtocolError, SendOutcome.Queued, SendOutcome.Expired, SendOutcome.Invalid,
    ];

    /// <summary>The outcome whose word (<see cref="SendExitCodes.Word"/>) the daemon gave.</summary>
    private static SendOutcome Outcome(string? word)
    {
        foreach (var outcome in Outcomes)
        {
            if (SendExitCodes.Word(outcome) == word)
            {
                return outcome;
            }
        }

        throw new JsonException($"unknown outcome {word}");
    }

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType type)
    {
        if (!reader.Read() || reader.TokenType != type)
        {
            throw new JsonException($"expected {type}");
        }
    }
}
