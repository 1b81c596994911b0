namespace Messngr.Wire.DceRpc;

/// <summary>
/// Limits of a <see cref="ClFragmentReassembler"/> (style.md: a budget on everything a peer can
/// make us hold). Defaults fit NetrSendMessage (one datagram in practice) with a wide margin.
/// </summary>
public sealed record ClReassemblyBudget
{
    public static ClReassemblyBudget Default { get; } = new();

    /// <summary>Fragments of one call (fragnum must be below this).</summary>
    public int MaxFragmentsPerActivity { get; init; } = 64;

    /// <summary>Body bytes of one call.</summary>
    public int MaxBytesPerActivity { get; init; } = 64 * 1024;

    /// <summary>Activities with a call being reassembled at once.</summary>
    public int MaxActivities { get; init; } = 64;

    /// <summary>Activities one source (the caller's label, e.g. an IPv4 address) may have in reassembly at once.</summary>
    public int MaxActivitiesPerSource { get; init; } = 8;

    /// <summary>Body bytes held across all activities.</summary>
    public int MaxTotalBytes { get; init; } = 1024 * 1024;

    /// <summary>A partial call older than this (by the caller's clock) is dropped.</summary>
    public TimeSpan MaxAge { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Throws <see cref="ArgumentException"/> naming the first bad setting.</summary>
    public void Validate()
    {
        Positive(MaxFragmentsPerActivity, nameof(MaxFragmentsPerActivity));
        Positive(MaxBytesPerActivity, nameof(MaxBytesPerActivity));
        Positive(MaxActivities, nameof(MaxActivities));
        Positive(MaxActivitiesPerSource, nameof(MaxActivitiesPerSource));
        Positive(MaxTotalBytes, nameof(MaxTotalBytes));
        if (MaxFragmentsPerActivity > ushort.MaxValue + 1)
        {
            throw new ArgumentException($"{nameof(MaxFragmentsPerActivity)} = {MaxFragmentsPerActivity} exceeds the 16-bit fragnum range", nameof(MaxFragmentsPerActivity));
        }

        if (MaxAge <= TimeSpan.Zero)
        {
            throw new ArgumentException($"{nameof(MaxAge)} = {MaxAge} must be positive", nameof(MaxAge));
        }
    }

    private static void Positive(int value, string name)
    {
        if (value <= 0)
        {
            throw new ArgumentException($"{name} = {value} must be positive", name);
        }
    }
}
