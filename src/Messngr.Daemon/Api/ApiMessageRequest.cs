using System.Text.Json;

namespace Messngr.Daemon.Api;

/// <summary>
/// The body of <c>POST /v1/messages</c> (issue #15, item 1; docs/openapi.json): recipients (default:
/// <c>alert names</c>), text, title, priority (low, normal, high, critical), expires (seconds from
/// now, or an RFC 3339 time), correlation key, and <c>close</c> (the key's earlier message is
/// replaced by one saying it is resolved). Unknown fields are refused (<see cref="ApiJsonContext"/>).
/// </summary>
internal sealed record ApiMessageRequest(
    IReadOnlyList<string>? Recipients = null,
    string? Text = null,
    string? Title = null,
    string? Priority = null,
    JsonElement? Expires = null,
    string? CorrelationKey = null,
    bool? Close = null);
