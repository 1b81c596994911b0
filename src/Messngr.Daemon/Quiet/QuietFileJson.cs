using System.Text.Json.Serialization;

namespace Messngr.Daemon.Quiet;

/// <summary>
/// <c>STATE_DIR/quiet/UID.json</c>: <c>{"version":1,"doNotDisturb":true,"doNotDisturbUntil":null,"quietHours":"22:00-07:00"}</c>.
/// </summary>
internal sealed record QuietFileJson(int Version, bool DoNotDisturb, DateTimeOffset? DoNotDisturbUntil, string? QuietHours);

/// <summary>Source-generated JSON for the quiet files (Native AOT: no reflection).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = true,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true)]
[JsonSerializable(typeof(QuietFileJson))]
[JsonSerializable(typeof(Dictionary<string, long>))]
internal sealed partial class QuietJsonContext : JsonSerializerContext;
