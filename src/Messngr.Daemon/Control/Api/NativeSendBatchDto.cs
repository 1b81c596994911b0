namespace Messngr.Daemon.Control.Api;

/// <summary>
/// The answer of <c>POST /v1/send</c> with <c>recipients</c> (issue #13, many): one
/// <see cref="NativeSendDto"/> per recipient, in the order of the request, each after its first attempt.
/// </summary>
internal sealed record NativeSendBatchDto(IReadOnlyList<NativeSendDto> Results);
