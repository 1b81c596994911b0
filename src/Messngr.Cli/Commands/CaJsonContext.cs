using System.Text.Json.Serialization;

namespace Messngr.Cli.Commands;

/// <summary>Source-generated JSON (Native AOT: no reflection) for <c>messngr ca --json</c>, camelCase.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    WriteIndented = true)]
[JsonSerializable(typeof(CaResultDto))]
internal sealed partial class CaJsonContext : JsonSerializerContext;
