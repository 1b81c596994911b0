using Messngr.Daemon.Listeners;
using Messngr.Daemon.Names;
using Messngr.Daemon.Core;
using Messngr.Daemon.Store;
using Microsoft.Extensions.Logging;

namespace Messngr.Daemon.Hosting;

/// <summary>
/// The daemon's native node (issue #13; docs/native-protocol.md): its identity, discovery and
/// peer table, the outbox's delivery and the receipts sent back.
/// </summary>
internal sealed partial class MessengerDaemon
{
    /// <summary>
    /// The peer table (static peers always) and, with <c>discovery = yes</c>, the discovery
    /// listener on 2426/udp (docs/native-protocol.md §9.1), bound like UDP 138 to the interface
    /// and its subnet broadcast address; it announces the registered messenger names (NAME&lt;03&gt;).
    /// </summary>
    private Native.DiscoveryService? CreateDiscovery(Native.NodeIdentity identity)
    {
        var logger = _loggerFactory.CreateLogger("messngr.discovery");
        Peers = new Native.PeerTable(_options.Limits.DiscoveryMaxPeers, Trust!.Store, _options.NativePeers, TimeProvider.System, logger);
        // A node announces the native port it listens on (docs/native-protocol.md §1, §9.3): none, nothing to announce.
        if (!_options.DiscoveryEnabled || _options.NativePort == 0)
        {
            return null;
        }

        IReadOnlyList<string> MessengerNames() =>
            [.. Names.Snapshot().Where(n => !n.IsGroup && n.Suffix == 0x03 && n.State == NameState.Registered).Select(n => n.Name.Trim()).Distinct(StringComparer.Ordinal)];

        var listener = new Native.DiscoveryListener(
            new System.Net.IPEndPoint(_options.BindAddress, Native.DiscoveryDefaults.Port), identity, (ushort)_options.NativePort, MessengerNames, Peers, Discovery, Counters, _options.Limits, TimeProvider.System, logger)
        {
            Policy = Policy.ForListener(),
            BroadcastAddress = InterfaceBroadcast.For(_options.BindAddress, SystemNetworkInterfaces.Instance),
            Interfaces = SystemNetworkInterfaces.Instance,
        };
        return new Native.DiscoveryService(listener, _options.Limits.DiscoveryAnnounceInterval, _options.Limits.DiscoveryNameCheckInterval, TimeProvider.System);
    }

    /// <summary>
    /// The outbox dispatcher over a pool of outgoing TLS connections (our certificate, peers judged
    /// by the trust policy) when the native transport is on (<c>native port</c> ≠ 0); null when off.
    /// </summary>
    private Native.OutboxHost? CreateDelivery(Native.NodeIdentity identity, SqliteMessageStore store)
    {
        if (Trust is not { } trust || _options.NativePort == 0)
        {
            return null;
        }

        var logger = _loggerFactory.CreateLogger("messngr.native");
        var connector = new Native.TlsConnector(identity.Certificate, new Native.TrustPeerVerifier(trust)) { Limits = _options.Limits, Logger = logger };
        var pool = new Native.TlsConnectionPool(connector);
        var sender = new Native.NativeSender(pool, store, _options.Limits, TimeProvider.System, logger) { Metrics = Metrics };
        var dispatcher = new Native.OutboxDispatcher(sender, store, Peers, _options.OutboxExpiry, _options.Limits, TimeProvider.System, logger);
        return new Native.OutboxHost(dispatcher, sender, pool);
    }

    /// <summary>
    /// Loads or makes the node identity and opens the trust list and the workgroup CA. A broken
    /// key pair or trust list is a <see cref="StoreException"/> (exit 70); a CA file that went
    /// away since the options were read is a configuration error (exit 78).
    /// </summary>
    private Native.NodeIdentity OpenIdentity()
    {
        var logger = _loggerFactory.CreateLogger("messngr.native");
        var identity = Native.NodeIdentity.LoadOrCreate(_options.StateDirectory, TimeProvider.System);
        try
        {
            if (identity.Created)
            {
                Native.NativeLog.IdentityCreated(logger, identity.Id.ToString(), Native.NodeIdentity.KeyPath(_options.StateDirectory));
            }
            else
            {
                Native.NativeLog.IdentityLoaded(logger, identity.Id.ToString());
            }

            var store = Native.TrustStore.Open(_options.StateDirectory);
            System.Security.Cryptography.X509Certificates.X509Certificate2? authority = null;
            if (_options.TrustCaFile is { } caFile)
            {
                try
                {
                    authority = Native.WorkgroupCa.LoadCertificate(caFile, "workgroup CA certificate");
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
                {
                    throw new DaemonStartException($"trust ca: {ex.Message}", StartFailure.Configuration);
                }
            }

            Trust = new Native.TrustPolicy(store, authority, _options.TrustOnFirstUse, TimeProvider.System, logger);
            return identity;
        }
        catch
        {
            identity.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The sender of displayed/read RECEIPTs (issue #13, item 6): its own connection pool, as TLS
    /// client with the node certificate, every peer judged by the trust policy; the port of a node
    /// is the one the peer table lists for it (else 2426). Null while the native transport is off.
    /// </summary>
    private Native.ReceiptDispatcher? CreateReceiptDispatcher(Native.NodeIdentity identity, SqliteMessageStore store)
    {
        if (Trust is not { } trust || _options.NativePort == 0)
        {
            return null;
        }

        var logger = _loggerFactory.CreateLogger("messngr.receipts");
        var connector = new Native.TlsConnector(identity.Certificate, new Native.TrustPeerVerifier(trust)) { Limits = _options.Limits, Logger = logger };
        return new Native.ReceiptDispatcher(new Native.TlsConnectionPool(connector), store, PeerPort, _options.Limits, TimeProvider.System, logger);
    }

    /// <summary>The native port the peer table lists for <paramref name="node"/>; null when it lists none.</summary>
    private ushort? PeerPort(Native.NodeId node) =>
        Peers?.Snapshot().FirstOrDefault(entry => node.Equals(entry.Id)) is { } entry ? entry.Port : null;
}
