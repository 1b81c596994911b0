using Microsoft.Net.Http.Headers;

namespace Messngr.Daemon.Control;

/// <summary>
/// Whether a request's Content-Type is JSON: the one check of every endpoint that answers 415 to
/// anything else (the HTTP API's <c>POST /v1/messages</c>, the Alertmanager receiver; issue #15).
/// </summary>
internal static class JsonMediaType
{
    private const string Json = "application/json";

    /// <summary>
    /// <c>application/json</c> in any case, with or without parameters (<c>charset=utf-8</c>;
    /// Alertmanager sends <c>application/json</c>). The header must parse as one media type
    /// (RFC 9110 §8.3.1: an empty parameter name, an unterminated quote, a second type are no JSON)
    /// AND its type before the parameters must be exactly <c>type/subtype</c> (RFC 9110 §8.3.1 allows
    /// no whitespace around the '/', which the parser would let through). Another type that merely
    /// carries JSON (<c>application/problem+json</c>) is no JSON either.
    /// </summary>
    public static bool Is(string? contentType)
    {
        if (contentType is null || !MediaTypeHeaderValue.TryParse(contentType, out _))
        {
            return false;
        }

        var semicolon = contentType.IndexOf(';', StringComparison.Ordinal);
        var type = (semicolon < 0 ? contentType.AsSpan() : contentType.AsSpan(0, semicolon)).Trim();
        return type.Equals(Json, StringComparison.OrdinalIgnoreCase);
    }
}
