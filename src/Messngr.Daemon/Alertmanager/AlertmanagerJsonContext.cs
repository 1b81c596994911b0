using System.Text.Json.Serialization;

namespace Messngr.Daemon.Alertmanager;

/// <summary>Source-generated JSON for Alertmanager's webhook payload (Native AOT: no reflection); unknown fields are skipped.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    PropertyNameCaseInsensitive = false,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip)]
[JsonSerializable(typeof(AlertmanagerPayload))]
internal sealed partial class AlertmanagerJsonContext : JsonSerializerContext;
