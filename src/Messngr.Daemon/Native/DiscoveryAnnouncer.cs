using System.Security.Cryptography.X509Certificates;
using Messngr.Wire.Native;

namespace Messngr.Daemon.Native;

/// <summary>
/// Builds this node's signed ANNOUNCE (docs/native-protocol.md §9.3): the node id, names and port,
/// the certificate it presents in TLS, and a SEQUENCE that counts up while the daemon runs (§9.5).
/// </summary>
internal sealed class DiscoveryAnnouncer
{
    private readonly X509Certificate2 _certificate;
    private readonly byte[] _nodeId;
    private readonly TimeProvider _time;
    private long _sequence = -1;

    /// <param name="certificate">The node certificate with its private key (<see cref="NodeIdentity.Certificate"/>).</param>
    public DiscoveryAnnouncer(X509Certificate2 certificate, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        ArgumentNullException.ThrowIfNull(time);
        _certificate = certificate;
        _nodeId = NodeId.FromCertificate(certificate).Hash();
        _time = time;
    }

    /// <summary>The next ANNOUNCE datagram for <paramref name="names"/> on TCP <paramref name="port"/>.</summary>
    public byte[] Build(ushort port, IEnumerable<string> names)
    {
        var list = names.ToArray();
        var timestamp = _time.GetUtcNow().ToUnixTimeMilliseconds();
        var sequence = (ulong)Interlocked.Increment(ref _sequence);
        var certificate = _certificate.RawData;
        var signed = AnnounceDatagram.GetSignedBytes(timestamp, sequence, port, _nodeId, list, certificate);
        using var key = _certificate.GetECDsaPrivateKey() ?? throw new InvalidOperationException("the node certificate has no ECDSA private key");
        var signature = DiscoverySignature.Sign(key, signed);
        return new AnnounceDatagram(timestamp, sequence, port, _nodeId, list, certificate, signature).ToArray();
    }
}
