using System.Text.Json.Serialization;

namespace Messngr.Cli.Commands;

/// <summary>Source-generated JSON (Native AOT: no reflection) for <c>messngr lookup --json</c>, camelCase.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    WriteIndented = true)]
[JsonSerializable(typeof(LookupResultDto))]
[JsonSerializable(typeof(NodeStatusDto))]
internal sealed partial class LookupJsonContext : JsonSerializerContext;
