namespace Messngr.Bench.Peers;

/// <summary>Which implementation answers: the one under test, the reference, or the least a correct server must do.</summary>
public enum PeerKind
{
    Messngr,
    Samba,
    Limit,

    /// <summary>NATS JetStream, the reference of scenario 7 (native delivery, issue #13).</summary>
    JetStream,

    /// <summary>NATS JetStream with mutual TLS (scenario 7: the same security as messngr's native transport).</summary>
    JetStreamTls,
}
