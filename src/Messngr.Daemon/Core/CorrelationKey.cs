namespace Messngr.Daemon.Core;

/// <summary>
/// The rules for a correlation key (issue #13, item 1): a later message with the same key from the
/// same verified sender to the same recipient replaces the earlier one in history. 1 to
/// <see cref="MaxLength"/> visible ASCII characters (U+0021–U+007E): no spaces, control or
/// format characters, so a key can never rewrite a terminal or hide in a look-alike.
/// </summary>
internal static class CorrelationKey
{
    public const int MaxLength = 128;

    /// <summary>Null when <paramref name="key"/> is a valid key, else why not.</summary>
    public static string? Problem(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Length is 0 or > MaxLength)
        {
            return $"a correlation key is 1 to {MaxLength} characters, not {key.Length}";
        }

        foreach (var c in key)
        {
            if (c is < '!' or > '~')
            {
                return $"a correlation key holds only visible ASCII characters (! to ~), not U+{(int)c:X4}";
            }
        }

        return null;
    }

    /// <summary>Returns a valid key (or null) unchanged; throws <see cref="ArgumentException"/> naming the problem otherwise.</summary>
    public static string? Validate(string? key, string paramName) =>
        key is not null && Problem(key) is { } problem ? throw new ArgumentException(problem, paramName) : key;
}
