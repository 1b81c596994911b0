using System.Text.Json.Serialization;

namespace Messngr.Daemon.Control.Api;

/// <summary>
/// Source-generated JSON for the control API (Native AOT: no reflection), camelCase on the wire.
/// Shared by the server and the <c>messngr</c> client so both sides use one contract.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    RespectNullableAnnotations = true)]
[JsonSerializable(typeof(NameDto))]
[JsonSerializable(typeof(IReadOnlyList<NameDto>))]
[JsonSerializable(typeof(MessageDto))]
[JsonSerializable(typeof(IReadOnlyList<MessageDto>))]
[JsonSerializable(typeof(StatusDto))]
[JsonSerializable(typeof(ErrorDto))]
[JsonSerializable(typeof(AddNameRequest))]
[JsonSerializable(typeof(NameChangeDto))]
[JsonSerializable(typeof(NodeIdDto))]
[JsonSerializable(typeof(WebAccessDto))]
[JsonSerializable(typeof(TrustEntryDto))]
[JsonSerializable(typeof(IReadOnlyList<TrustEntryDto>))]
[JsonSerializable(typeof(AddTrustRequest))]
[JsonSerializable(typeof(PeerDto))]
[JsonSerializable(typeof(IReadOnlyList<PeerDto>))]
[JsonSerializable(typeof(NativeSendRequest))]
[JsonSerializable(typeof(NativeSendDto))]
[JsonSerializable(typeof(NativeSendBatchDto))]
[JsonSerializable(typeof(SentDto))]
[JsonSerializable(typeof(IReadOnlyList<SentDto>))]
[JsonSerializable(typeof(QuietDto))]
[JsonSerializable(typeof(QuietRequest))]
[JsonSerializable(typeof(AnySendRequest))]
[JsonSerializable(typeof(AnySendDto))]
[JsonSerializable(typeof(ReplyRequest))]
[JsonSerializable(typeof(ReadEventDto))]
[JsonSerializable(typeof(TokenDto))]
[JsonSerializable(typeof(IReadOnlyList<TokenDto>))]
[JsonSerializable(typeof(TokenCreatedDto))]
[JsonSerializable(typeof(TokenAddRequest))]
internal sealed partial class ControlJsonContext : JsonSerializerContext;
