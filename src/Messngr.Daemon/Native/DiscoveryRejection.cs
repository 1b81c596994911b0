namespace Messngr.Daemon.Native;

/// <summary>Why a discovery datagram was dropped (docs/native-protocol.md §9.2, §9.3 checks 1–5, §9.5); each is counted in status.</summary>
internal enum DiscoveryRejection
{
    /// <summary>§9.2/§9.3 check 1: bad magic, version, type, length or body.</summary>
    Malformed,

    /// <summary>§9.3 check 2: TIMESTAMP more than 300 s from our clock.</summary>
    Timestamp,

    /// <summary>§9.3 check 3 / §9.5: (TIMESTAMP, SEQUENCE) not above the last one accepted for the node id.</summary>
    Replay,

    /// <summary>§9.3 check 4: CERTIFICATE is not X.509 with an ECDSA key whose SPKI hashes to NODE-ID.</summary>
    Certificate,

    /// <summary>§9.3 check 5: SIGNATURE does not verify.</summary>
    Signature,

    /// <summary>The source address sent more datagrams than its rate allows.</summary>
    RateLimited,

    /// <summary>The peer table or the replay table is full of live entries.</summary>
    TableFull,
}
