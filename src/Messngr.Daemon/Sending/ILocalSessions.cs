namespace Messngr.Daemon.Sending;

/// <summary>Shows a message on every terminal session of this host (<c>/users</c>, the <c>msg *</c> case).</summary>
internal interface ILocalSessions
{
    Task<RecipientResult> ShowAsync(Recipient recipient, string text, CancellationToken cancellationToken);
}
