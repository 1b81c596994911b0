using System.Net;
using Messngr.Daemon.Core;
using Messngr.Daemon.Listeners;
using Messngr.Daemon.Messages;
using Messngr.Daemon.Options;
using Messngr.Daemon.Store;
using Messngr.Wire.NetBios;
using Microsoft.Extensions.Logging;

namespace Messngr.Daemon.Native;

/// <summary>
/// Builds serve's native listener (issue #13, item 3): TLS 1.3 on <c>native port</c> (2426, 0 = off)
/// at <c>--interface</c>, with the node's certificate, every peer judged by the trust policy, and
/// each connection served by a <see cref="NativeSession"/> that commits through the same pipeline
/// as the classic listeners and records the displayed/read receipts of what this node sent (item 6).
/// </summary>
internal static class NativeEndpoint
{
    public static TlsEndpointListener? Create(ServeOptions options, NodeIdentity identity, TrustPolicy trust, MessagePipeline pipeline, IMessageStore store, LocalNames names, ListenerCounters counters, ILoggerFactory loggerFactory)
    {
        if (options.NativePort == 0)
        {
            return null;
        }

        var logger = loggerFactory.CreateLogger("messngr.native");
        var context = new NativeSessionContext(
            to => MatchRecipient(names.Snapshot(), to),
            () => [.. MessengerNames(names.Snapshot())],
            pipeline.PublishAsync,
            options.Limits,
            TimeProvider.System,
            logger)
        {
            // The sender's side of displayed/read receipts: recorded for messages this node sent to the peer.
            Receipts = new ReceiptAcceptor(store, logger) { DeliveryWait = options.Limits.ReceiptDeliveryWait },
            // MESSAGEs that arrive together on a connection share one commit (one fsync, §6.3).
            CommitMany = pipeline.PublishAsync,
        };
        return new TlsEndpointListener(
            new IPEndPoint(options.BindAddress, options.NativePort),
            identity.Certificate,
            new TrustPeerVerifier(trust),
            (channel, token) => NativeSession.ServeAsync(channel, context, token),
            counters,
            logger)
        { Limits = options.Limits };
    }

    /// <summary>
    /// The messenger (&lt;03&gt;, unique) name of this node that <paramref name="recipient"/> names, in
    /// our spelling; null: not here (§11). A name still being registered on the NetBIOS segment counts:
    /// it is this node's name all the same, and a node that was just (re)started must not refuse, as
    /// permanently *not here*, the messages its peers retry the moment it announces itself (issue #13).
    /// A name lost in a conflict or being released does not.
    /// </summary>
    public static string? MatchRecipient(IReadOnlyList<NameInfo> names, string recipient) =>
        MessengerNames(names).FirstOrDefault(name => string.Equals(name, recipient.Trim(), StringComparison.OrdinalIgnoreCase));

    private static IEnumerable<string> MessengerNames(IReadOnlyList<NameInfo> names) =>
        names.Where(n => n.Suffix == NetBiosName.SuffixMessenger && !n.IsGroup && n.State is NameState.Registered or NameState.Registering)
            .Select(n => n.Name.Trim())
            .Where(n => n.Length > 0)
            .Distinct(StringComparer.OrdinalIgnoreCase);
}
