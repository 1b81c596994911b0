using System.Text.Json.Serialization;

namespace Messngr.Daemon.Native;

/// <summary><c>STATE_DIR/trusted-nodes.json</c>: <c>{"version":1,"nodes":[…]}</c>.</summary>
internal sealed record TrustFileJson(int Version, IReadOnlyList<TrustedNodeJson> Nodes);

/// <summary>One entry of <see cref="TrustFileJson"/>; <c>source</c> is manual, tofu or ca.</summary>
internal sealed record TrustedNodeJson(string NodeId, string? Name, DateTimeOffset AddedAt, uint? AddedByUid, string Source);

/// <summary>Source-generated JSON for the trust file (Native AOT: no reflection).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = true,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true)]
[JsonSerializable(typeof(TrustFileJson))]
internal sealed partial class TrustJsonContext : JsonSerializerContext;
