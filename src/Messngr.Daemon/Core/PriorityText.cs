namespace Messngr.Daemon.Core;

/// <summary><see cref="Priority"/> as the words low, normal, high, critical (JSON, store, CLI).</summary>
internal static class PriorityText
{
    public static string Format(Priority priority) => priority switch
    {
        Priority.Low => "low",
        Priority.Normal => "normal",
        Priority.High => "high",
        Priority.Critical => "critical",
        _ => throw new ArgumentOutOfRangeException(nameof(priority), priority, "not a priority"),
    };

    /// <summary>One of the four words, in any case; anything else (numbers too) is refused.</summary>
    public static bool TryParse(string? text, out Priority priority)
    {
        priority = Priority.Normal;
        switch (text?.ToUpperInvariant())
        {
            case "LOW":
                priority = Priority.Low;
                return true;
            case "NORMAL":
                return true;
            case "HIGH":
                priority = Priority.High;
                return true;
            case "CRITICAL":
                priority = Priority.Critical;
                return true;
            default:
                return false;
        }
    }
}
