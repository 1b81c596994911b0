namespace Messngr.Daemon.Sending;

/// <summary>
/// The native path of <c>messngr send</c> (issue #13, item 8), chosen for the recipients before the
/// classic ones are sent: the CLI's implementation sends through the local daemon (<c>POST
/// /v1/send</c>) the recipients that are trusted nodes in the daemon's peer table, those with a
/// port (<c>NAME@HOST:PORT</c>), or all with <c>--native</c> — every one of them in ONE request
/// (issue #13, many), so the daemon submits them together.
/// </summary>
internal interface INativeRoute
{
    /// <summary>
    /// For each of <paramref name="request"/>'s recipients, in order: the task of its native send,
    /// or null when it goes the classic way. Returns once the choice is made and the native sends
    /// are under way, so the classic recipients go at the same time.
    /// </summary>
    Task<IReadOnlyList<Task<RecipientResult>?>> StartAsync(SendRequest request, SendTrace? trace, CancellationToken cancellationToken);
}
