using System.Text.Json.Serialization;

namespace Messngr.Cli.Commands;

/// <summary>One recipient's result as <c>messngr send --json</c> prints it.</summary>
internal sealed record SendResultDto(
    string Recipient,
    string Outcome,
    string? Transport,
    string? Address,
    string? To,
    string Detail,
    int Blocks,
    int ExitCode);

/// <summary>Source-generated JSON for <c>send --json</c> (Native AOT: no reflection).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(IReadOnlyList<SendResultDto>))]
internal sealed partial class SendJsonContext : JsonSerializerContext;
