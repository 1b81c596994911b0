using System.Text.Json.Serialization;

namespace Messngr.Daemon.Sinks.HookLaunch;

/// <summary>Source-generated JSON (Native AOT) for the daemon ⇄ hook launcher pipe: one object a line.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, RespectNullableAnnotations = true, RespectRequiredConstructorParameters = true)]
[JsonSerializable(typeof(HookLaunchSettings))]
[JsonSerializable(typeof(HookLaunchMessage))]
internal sealed partial class HookLaunchJsonContext : JsonSerializerContext;
