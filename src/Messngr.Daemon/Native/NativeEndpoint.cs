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
            Receipts = new ReceiptAcceptor(store, logger),
            Registering = to => IsBeingRegistered(names.Snapshot(), to),
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

    /// <summary>The registered messenger (&lt;03&gt;, unique) name that <paramref name="recipient"/> names, in our spelling; null: not here (§11).</summary>
    public static string? MatchRecipient(IReadOnlyList<NameInfo> names, string recipient) =>
        MessengerNames(names).FirstOrDefault(name => string.Equals(name, recipient.Trim(), StringComparison.OrdinalIgnoreCase));

    /// <summary><paramref name="recipient"/> names one of our messenger (&lt;03&gt;, unique) names that is still being registered (§11: a temporary refusal).</summary>
    public static bool IsBeingRegistered(IReadOnlyList<NameInfo> names, string recipient) =>
        names.Any(n => n.Suffix == NetBiosName.SuffixMessenger && !n.IsGroup && n.State == NameState.Registering
            && string.Equals(n.Name.Trim(), recipient.Trim(), StringComparison.OrdinalIgnoreCase));

    private static IEnumerable<string> MessengerNames(IReadOnlyList<NameInfo> names) =>
        names.Where(n => n.Suffix == NetBiosName.SuffixMessenger && !n.IsGroup && n.State == NameState.Registered)
            .Select(n => n.Name.Trim())
            .Where(n => n.Length > 0)
            .Distinct(StringComparer.OrdinalIgnoreCase);
}
