using Messngr.Daemon.Control.Api;

namespace Messngr.Cli.Desktop;

/// <summary>What the agent asks of the daemon besides its stream: receipts and replies (issue #14, item 1).</summary>
internal interface IAgentDaemon
{
    /// <summary><c>POST /v1/messages/{seq}/displayed</c>: the message is on screen.</summary>
    Task DisplayedAsync(long seq, CancellationToken cancellationToken);

    /// <summary><c>POST /v1/messages/{seq}/read</c>: the user marked it read (a read receipt to a native sender).</summary>
    Task ReadAsync(long seq, CancellationToken cancellationToken);

    /// <summary>Sends <paramref name="text"/> to the sender of <paramref name="message"/> as the user; null when sent, else why not.</summary>
    Task<string?> ReplyAsync(MessageDto message, string text, CancellationToken cancellationToken);
}
