using System.Text.Json.Serialization;

namespace Messngr.Cli.Commands;

/// <summary>
/// One recipient's result as <c>messngr send --json</c> prints it. <see cref="Authenticated"/>: the
/// receiver was verified (native: TLS and the trust list; classic paths never are);
/// <see cref="MessageId"/>, <see cref="State"/> (queued, sent, stored, displayed, read, expired,
/// failed), <see cref="NodeId"/> and <see cref="RetryUntil"/> only natively.
/// </summary>
internal sealed record SendResultDto(
    string Recipient,
    string Outcome,
    string? Transport,
    string? Address,
    string? To,
    string Detail,
    int Blocks,
    int ExitCode,
    bool Authenticated = false,
    string? MessageId = null,
    string? State = null,
    string? NodeId = null,
    DateTimeOffset? RetryUntil = null);

/// <summary>Source-generated JSON for <c>send --json</c> (Native AOT: no reflection).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(IReadOnlyList<SendResultDto>))]
internal sealed partial class SendJsonContext : JsonSerializerContext;
