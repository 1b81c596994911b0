using System.Text.Json.Serialization;

namespace Messngr.Daemon.Api;

/// <summary>
/// Source-generated JSON of the HTTP API's request bodies (issue #15, item 1): camelCase, and a
/// field the contract does not name is an error (<see cref="JsonUnmappedMemberHandling.Disallow"/>),
/// so a misspelt <c>priorty</c> is a 400 rather than a message sent at the wrong priority.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    RespectNullableAnnotations = true)]
[JsonSerializable(typeof(ApiMessageRequest))]
internal sealed partial class ApiJsonContext : JsonSerializerContext;
