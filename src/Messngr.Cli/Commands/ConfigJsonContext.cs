using System.Text.Json.Serialization;

namespace Messngr.Cli.Commands;

/// <summary>Source-generated JSON (Native AOT: no reflection) for <c>messngr config check --json</c>, camelCase.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    WriteIndented = true)]
[JsonSerializable(typeof(ConfigCheckDto))]
internal sealed partial class ConfigJsonContext : JsonSerializerContext;
