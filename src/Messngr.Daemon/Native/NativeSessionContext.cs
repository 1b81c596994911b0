using Messngr.Daemon.Core;
using Microsoft.Extensions.Logging;

namespace Messngr.Daemon.Native;

/// <summary>
/// What an accepting native session needs from its daemon (issue #13, items 3 and 6).
/// </summary>
/// <param name="MatchRecipient">A MESSAGE's RECIPIENT → this node's registered messenger name it names (canonical spelling), or null: <c>not here</c>.</param>
/// <param name="Names">The names this node offers in HELLO-ACK (informational, §5.1).</param>
/// <param name="Commit">The daemon's commit path (the classic listeners' <c>MessagePipeline.PublishAsync</c>): the stored message once durable, null when the store failed.</param>
internal sealed record NativeSessionContext(
    Func<string, string?> MatchRecipient,
    Func<IReadOnlyList<string>> Names,
    Func<ReceivedMessage, Task<StoredMessage?>> Commit,
    DaemonLimits Limits,
    TimeProvider Time,
    ILogger Logger)
{
    /// <summary>Records displayed/read RECEIPT requests from the peer (issue #13, item 6); null: they are refused as protocol violations.</summary>
    public ReceiptAcceptor? Receipts { get; init; }

    /// <summary>
    /// The commit path for MESSAGEs that arrived together (<c>MessagePipeline.PublishAsync(IReadOnlyList)</c>):
    /// one transaction for the lot, each result in order (null: the store failed). Null: each goes
    /// through <see cref="Commit"/> on its own, all at once.
    /// </summary>
    public Func<IReadOnlyList<ReceivedMessage>, Task<IReadOnlyList<StoredMessage?>>>? CommitMany { get; init; }
}
