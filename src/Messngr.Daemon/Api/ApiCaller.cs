namespace Messngr.Daemon.Api;

/// <summary>
/// Who an API request is (issue #15, item 1): the owner uid of the token it presented, the token's
/// name and its <c>--send-to</c> scope. Every endpoint acts as <see cref="Uid"/> with the control
/// socket's authorisation; sending endpoints also check <see cref="MayReach"/> for each recipient
/// (a control endpoint forwarded from the API takes <c>(caller.Uid, caller.MayReach)</c>).
/// <see cref="Revoked"/> is cancelled when the token is revoked, so an open stream ends at once.
/// </summary>
internal sealed record ApiCaller(uint Uid, string TokenName, IReadOnlyList<string> SendTo, CancellationToken Revoked)
{
    /// <summary>True when the token may send to <paramref name="recipient"/> (as given, trimmed): no scope, or a pattern matches it.</summary>
    public bool MayReach(string recipient) => SendTo.Count == 0 || SendTo.Any(p => RecipientPattern.Matches(p, recipient.Trim()));
}
