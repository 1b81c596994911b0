namespace Messngr.Daemon.Native;

/// <summary>
/// When this node announces itself (docs/native-protocol.md §9.1): at start, every
/// <c>interval</c>, and as soon as its names change (a <c>messngr name NAME /add</c>, a user
/// logging on) — so peers do not route a name to the wrong node, or miss a new one, for up to
/// an interval.
/// </summary>
internal sealed class AnnounceSchedule(TimeSpan interval)
{
    private string[]? _announced;
    private DateTimeOffset _at;

    /// <summary>True when an ANNOUNCE with <paramref name="names"/> is due at <paramref name="now"/>; it then counts as sent.</summary>
    public bool Due(DateTimeOffset now, IReadOnlyList<string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        if (_announced is not null && now - _at < interval && names.SequenceEqual(_announced, StringComparer.Ordinal))
        {
            return false;
        }

        _announced = [.. names];
        _at = now;
        return true;
    }
}
