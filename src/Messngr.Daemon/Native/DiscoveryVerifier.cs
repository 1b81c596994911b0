using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Messngr.Wire.Native;

namespace Messngr.Daemon.Native;

/// <summary>
/// Checks a received discovery datagram exactly as docs/native-protocol.md §9.3 orders it (cheap
/// checks first): parse, TIMESTAMP within ±300 s, (TIMESTAMP, SEQUENCE) above the last accepted
/// for the node id (§9.5), the certificate's SPKI hashes to NODE-ID, the signature verifies. The
/// replay state is kept per node id for 600 s after its last acceptance and is bounded. Not
/// thread-safe: the discovery receive loop is its one caller.
/// </summary>
internal sealed class DiscoveryVerifier
{
    /// <summary>§9.3 check 2.</summary>
    public static readonly TimeSpan TimestampWindow = TimeSpan.FromSeconds(300);

    /// <summary>§9.5: twice the timestamp window.</summary>
    public static readonly TimeSpan ReplayMemory = TimeSpan.FromSeconds(600);

    private readonly Dictionary<NodeId, (long Timestamp, ulong Sequence, DateTimeOffset AcceptedAt)> _last = [];
    private readonly int _capacity;
    private readonly TimeProvider _time;

    public DiscoveryVerifier(int capacity, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        ArgumentNullException.ThrowIfNull(time);
        _capacity = capacity;
        _time = time;
    }

    /// <summary>Node ids whose last (TIMESTAMP, SEQUENCE) is remembered.</summary>
    public int Remembered => _last.Count;

    /// <summary>
    /// Checks one datagram. A PROBE only parses (it is unsigned, §9.4); an ANNOUNCE passes every
    /// check or yields the first failed one. On success of an ANNOUNCE its pair is remembered and
    /// <paramref name="certificate"/> is the sender's certificate (the caller disposes it).
    /// </summary>
    public DiscoveryRejection? Check(ReadOnlySpan<byte> bytes, out DiscoveryDatagram? datagram, out X509Certificate2? certificate)
    {
        certificate = null;
        if (!DiscoveryDatagram.TryParse(bytes, out datagram, out _) || datagram is null)
        {
            return DiscoveryRejection.Malformed;
        }

        if (datagram is not AnnounceDatagram announce)
        {
            return null;
        }

        var now = _time.GetUtcNow();
        var sent = DateTimeOffset.FromUnixTimeMilliseconds(announce.Timestamp);
        if (sent > now + TimestampWindow || sent < now - TimestampWindow)
        {
            return DiscoveryRejection.Timestamp;
        }

        var id = NodeId.FromHash(announce.NodeId.AsSpan());
        if (_last.TryGetValue(id, out var last) && now - last.AcceptedAt <= ReplayMemory
            && (announce.Timestamp, announce.Sequence).CompareTo((last.Timestamp, last.Sequence)) <= 0)
        {
            return DiscoveryRejection.Replay;
        }

        if (!TryLoadCertificate(announce, id, out var peer, out var key))
        {
            return DiscoveryRejection.Certificate;
        }

        using (key)
        {
            if (!DiscoverySignature.Verify(key, announce.GetSignedBytes(), announce.Signature.AsSpan()))
            {
                peer.Dispose();
                return DiscoveryRejection.Signature;
            }
        }

        if (!Remember(id, announce, now))
        {
            peer.Dispose();
            return DiscoveryRejection.TableFull;
        }

        certificate = peer;
        return null;
    }

    private bool Remember(NodeId id, AnnounceDatagram announce, DateTimeOffset now)
    {
        if (!_last.ContainsKey(id) && _last.Count >= _capacity)
        {
            foreach (var stale in _last.Where(e => now - e.Value.AcceptedAt > ReplayMemory).Select(e => e.Key).ToList())
            {
                _last.Remove(stale);
            }

            if (_last.Count >= _capacity)
            {
                // Forgetting a live pair would let its announcements be replayed: refuse the newcomer instead.
                return false;
            }
        }

        _last[id] = (announce.Timestamp, announce.Sequence, now);
        return true;
    }

    private static bool TryLoadCertificate(AnnounceDatagram announce, NodeId id, out X509Certificate2 certificate, out ECDsa key)
    {
        certificate = null!;
        key = null!;
        X509Certificate2? parsed = null;
        try
        {
            parsed = X509CertificateLoader.LoadCertificate(announce.Certificate.AsSpan());
            if (parsed.GetECDsaPublicKey() is not { } publicKey)
            {
                parsed.Dispose();
                return false;
            }

            if (NodeId.FromCertificate(parsed) != id)
            {
                publicKey.Dispose();
                parsed.Dispose();
                return false;
            }

            certificate = parsed;
            key = publicKey;
            return true;
        }
        catch (CryptographicException)
        {
            parsed?.Dispose();
            return false;
        }
    }
}
