using System.Text.Json.Serialization;

namespace Messngr.Daemon.Api;

/// <summary>Source-generated JSON of <c>STATE_DIR/api-tokens.json</c> (Native AOT: no reflection).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true, RespectNullableAnnotations = true)]
[JsonSerializable(typeof(ApiTokenFile))]
internal sealed partial class ApiTokenFileJsonContext : JsonSerializerContext;
