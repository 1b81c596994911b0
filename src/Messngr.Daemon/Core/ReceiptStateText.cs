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
    /// Whether <paramref name="next"/> moves a message forward from the furthest state
    /// <paramref name="furthest"/> it reached (null: none yet). Delivery states only grow
    /// (queued → sent → stored → displayed → read, skipping allowed, as a receipt may be lost);
    /// expired and failed end a message that was not stored, and nothing follows them.
    /// </summary>
    public static bool Advances(ReceiptState? furthest, ReceiptState next) => furthest switch
    {
        null => true,
        ReceiptState.Expired or ReceiptState.Failed => false,
        _ when next is ReceiptState.Expired or ReceiptState.Failed => furthest < ReceiptState.Stored,
        _ => next > furthest,
    };
}
