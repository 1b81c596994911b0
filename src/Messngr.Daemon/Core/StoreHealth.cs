namespace Messngr.Daemon.Core;

/// <summary>
/// The message store as <c>messngr status</c> shows it: ok, or failing with the reason of the
/// last failed commit or read (disk full, database corrupt) and since when. A later successful
/// commit makes it ok again (issue #10, item 10).
/// </summary>
internal sealed record StoreHealth(bool Ok, string Detail, DateTimeOffset? Since)
{
    public static StoreHealth Healthy { get; } = new(true, "ok", null);
}
