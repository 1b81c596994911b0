namespace Messngr.Daemon.Sinks;

/// <summary>
/// One message's jobs on the recipient's terminals share this: the first terminal that took the
/// whole message runs <c>shown</c>, once, however many terminals follow (issue #13, item 6: the
/// message was displayed).
/// </summary>
internal sealed class TtyShown(Action shown)
{
    private int _done;

    public void Written()
    {
        if (Interlocked.Exchange(ref _done, 1) == 0)
        {
            shown();
        }
    }
}
