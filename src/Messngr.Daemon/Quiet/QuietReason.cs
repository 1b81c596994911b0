namespace Messngr.Daemon.Quiet;

/// <summary>Why a user's messages are held: do not disturb, or their daily quiet hours.</summary>
internal enum QuietReason
{
    None,
    DoNotDisturb,
    QuietHours,
}
