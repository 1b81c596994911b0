namespace Messngr.Daemon.Sinks;

/// <summary>How <see cref="TtySink"/> writes to terminals.</summary>
internal sealed record TtySinkOptions
{
    public static TtySinkOptions Default { get; } = new();

    /// <summary>Rings the terminal bell (BEL) before the banner; off by default.</summary>
    public bool Bell { get; init; }

    /// <summary>Characters of text shown; [MS-MSRP] notes &lt;24&gt;, &lt;26&gt;: displays truncate at 4,095.</summary>
    public int MaxTextLength { get; init; } = 4095;

    /// <summary>How long one terminal may refuse output (a stuck or XOFF'd tty) before it is skipped.</summary>
    public TimeSpan WriteTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Where terminal lines live (utmp ut_line is relative to /dev); other values are for tests.</summary>
    public string DeviceRoot { get; init; } = "/dev";

    /// <summary>
    /// UTF-8 output (default). False writes ASCII only (other characters become '?'), for terminals
    /// in an 8-bit locale that would read UTF-8 continuation bytes such as 0x9B as C1 controls.
    /// </summary>
    public bool Utf8 { get; init; } = true;

    /// <summary><c>critical repeat</c> when not set.</summary>
    public static readonly TimeSpan DefaultCriticalRepeat = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How often a critical message not yet read is written again to its recipient's terminals
    /// (<c>critical repeat</c>, issue #14, item 3; at most <see cref="Core.DaemonLimits.CriticalRepeatMax"/>
    /// times); null: written once. Options made in code leave it off; the loader's default is 5 minutes.
    /// </summary>
    public TimeSpan? CriticalRepeat { get; init; }

    public void Validate()
    {
        if (MaxTextLength is < 1 or > 65536)
        {
            throw new ArgumentException($"tty max length must be 1..65536, not {MaxTextLength}", nameof(MaxTextLength));
        }

        if (WriteTimeout <= TimeSpan.Zero || WriteTimeout > TimeSpan.FromMinutes(1))
        {
            throw new ArgumentException($"tty write timeout must be above 0 and at most 60 s, not {WriteTimeout}", nameof(WriteTimeout));
        }

        if (CriticalRepeat is { } every && every <= TimeSpan.Zero)
        {
            throw new ArgumentException($"critical repeat must be above 0 or off, not {every}", nameof(CriticalRepeat));
        }

        if (!Path.IsPathRooted(DeviceRoot))
        {
            throw new ArgumentException($"tty device root must be an absolute path, not '{DeviceRoot}'", nameof(DeviceRoot));
        }
    }
}
