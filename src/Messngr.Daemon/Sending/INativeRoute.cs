namespace Messngr.Daemon.Sending;

/// <summary>
/// The native path of <c>messngr send</c> (issue #13, item 8), tried for each recipient before the
/// classic ones: the CLI's implementation sends through the local daemon (<c>POST /v1/send</c>)
/// when the recipient is a trusted node in the daemon's peer table, or always with
/// <c>--native</c>. Null: this recipient goes the classic way.
/// </summary>
internal interface INativeRoute
{
    Task<RecipientResult?> SendAsync(SendRequest request, Recipient recipient, SendTrace? trace, CancellationToken cancellationToken);
}
