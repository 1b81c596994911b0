namespace Messngr.Daemon.Sending;

/// <summary>
/// The time one recipient may take (<see cref="SendSettings.Timeout"/>) as both a deadline and a
/// cancellation token. With <see cref="SendSettings.BlockingIo"/> the token's timer is armed only
/// when an asynchronous step (resolution, node status, RPC, mailslot, terminals) asks for
/// <see cref="Token"/>: a directed SMB send waits on the calling thread, bounded by
/// <see cref="Deadline"/>, and a one-shot process starts no timer thread for it (issue #6: start-up).
/// </summary>
internal sealed class RecipientTimer : IDisposable
{
    private readonly CancellationTokenSource _source;
    private bool _armed;

    public RecipientTimer(TimeSpan timeout, bool armLazily, CancellationToken cancellationToken)
    {
        _source = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Deadline = SendDeadline.After(timeout);
        if (!armLazily)
        {
            Arm();
        }
    }

    public SendDeadline Deadline { get; }

    /// <summary>Cancelled at the deadline (the timer is armed now if it was not) or when the caller cancels.</summary>
    public CancellationToken Token
    {
        get
        {
            Arm();
            return _source.Token;
        }
    }

    /// <summary>The same token without arming its timer: for a blocking step, which <see cref="Deadline"/> bounds instead.</summary>
    public CancellationToken UnarmedToken => _source.Token;

    public void Dispose() => _source.Dispose();

    private void Arm()
    {
        if (_armed)
        {
            return;
        }

        _armed = true;
        var remaining = Deadline.Remaining;
        _source.CancelAfter(remaining == TimeSpan.MaxValue ? Timeout.InfiniteTimeSpan : remaining);
    }
}
