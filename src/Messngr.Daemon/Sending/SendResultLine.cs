using System.Globalization;
namespace Messngr.Daemon.Sending;

/// <summary>
/// One recipient's result line of <c>messngr send</c>: the path and whether the receiver was
/// authenticated (issue #13, item 8). Natively:
/// <c>BOB: delivered over native to node P56IOI7… (verified): stored</c> or
/// <c>BOB: queued: unreachable (connection refused); retried until 2026-12-08 06:00 UTC — see 'messngr sent ID'</c>;
/// classic: <c>BOB: delivered over smb to 192.0.2.5 (unverified): …</c>.
/// </summary>
internal static class SendResultLine
{
    public static string Format(RecipientResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var recipient = Clean(result.Recipient.Text);
        if (result.Native is { } native)
        {
            if (result.Outcome == SendOutcome.Queued)
            {
                var until = native.RetryUntil is { } at ? $"; retried until {at.ToUniversalTime().ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC" : "; retried until it expires";
                return $"{recipient}: queued: {Clean(result.Detail)}{until} — see 'messngr sent {native.MessageId}'";
            }

            var node = native.NodeId is { Length: > 0 } id ? $" to node {Clean(id.Length > 7 ? id[..7] + "…" : id)}" : string.Empty;
            var verified = native.Authenticated ? " (verified)" : string.Empty;
            var what = result.Succeeded ? Clean(native.State) : Clean(result.Detail);
            return $"{recipient}: {SendExitCodes.Word(result.Outcome).Replace('-', ' ')} over native{node}{verified}: {what} (message {native.MessageId})";
        }

        return $"{recipient}: {SendExitCodes.Word(result.Outcome).Replace('-', ' ')}"
            + (result.Transport is { } t ? $" over {t.Word()}" : string.Empty)
            + (result.Address is { } a ? $" to {a}" : string.Empty)
            + (result.Transport is { } and not SendTransport.Native ? " (unverified)" : string.Empty)
            + $": {Clean(result.Detail)}";
    }

    /// <summary>Result lines may quote what a peer sent: no control characters or escapes reach the terminal.</summary>
    private static string Clean(string text) => Display.TerminalText.Sanitize(text, keepNewlines: false);
}
