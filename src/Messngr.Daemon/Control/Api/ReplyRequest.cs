namespace Messngr.Daemon.Control.Api;

/// <summary>
/// The body of <c>POST /v1/messages/{id or seq}/reply</c> (issue #14, reply): the text and, for a
/// native reply, its priority (low, normal, high, critical). The recipient is never in the body:
/// the daemon takes it from the message (<see cref="Sending.ReplyTarget"/>); the sender is the caller.
/// </summary>
internal sealed record ReplyRequest(string? Text, string? Priority = null);
