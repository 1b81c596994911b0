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
    /// <summary>
    /// True when RECIPIENT names one of this node's messenger names that is still being registered
    /// (just after start): refused temporarily (<c>rate-limited</c>, docs/native-protocol.md §11), not <c>not-here</c>.
    /// </summary>
    public Func<string, bool> Registering { get; init; } = _ => false;

    /// <summary>Records displayed/read RECEIPT requests from the peer (issue #13, item 6); null: they are refused as protocol violations.</summary>
    public ReceiptAcceptor? Receipts { get; init; }
}
