namespace Messngr.Daemon.Core;

/// <summary><see cref="ReceiptState"/> as words (store, JSON) and the forward-only rule.</summary>
internal static class ReceiptStateText
{
    public static string Format(ReceiptState state) => state switch
    {
        ReceiptState.Queued => "queued",
        ReceiptState.Sent => "sent",
        ReceiptState.Stored => "stored",
        ReceiptState.Displayed => "displayed",
        ReceiptState.Read => "read",
        ReceiptState.Expired => "expired",
        ReceiptState.Failed => "failed",
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, "not a receipt state"),
    };

    public static bool TryParse(string? text, out ReceiptState state)
    {
        foreach (var candidate in Enum.GetValues<ReceiptState>())
        {
            if (string.Equals(text, Format(candidate), StringComparison.OrdinalIgnoreCase))
            {
                state = candidate;
                return true;
            }
        }

        state = default;
        return false;
    }

    /// <summary>
    /// Whether <paramref name="next"/> is recorded for a message that reached
    /// <paramref name="reached"/> already: each state once; queued and sent only forward; expired
    /// and failed end a message that was not stored, and nothing follows them. The receiver's states
    /// (stored, displayed, read) are each recorded when they first arrive, even behind a later one:
    /// they travel as separate requests, on other streams and connections, and may arrive in any
    /// order (a *displayed* that comes after *read* is still what happened, at its own time), or
    /// never (a lost receipt is skipped).
    /// </summary>
    public static bool Records(IReadOnlyCollection<ReceiptState> reached, ReceiptState next)
    {
        ArgumentNullException.ThrowIfNull(reached);
        if (reached.Contains(next) || reached.Any(s => s is ReceiptState.Expired or ReceiptState.Failed))
        {
            return false;
        }

        return next switch
        {
            ReceiptState.Expired or ReceiptState.Failed => !reached.Any(s => s >= ReceiptState.Stored),
            ReceiptState.Stored or ReceiptState.Displayed or ReceiptState.Read => true,
            _ => reached.All(s => s < next),
        };
    }
}
