namespace Messngr.Daemon.Resolution;

/// <summary>What a response handler of <see cref="NbnsExchange"/> made of one datagram.</summary>
internal enum NbnsReplyKind
{
    /// <summary>Not for us (wrong id, name, sender or kind): dropped and counted, never answered.</summary>
    Ignored,

    /// <summary>An answer was recorded; more may follow (a group name): stop retransmitting, keep listening until the current interval ends.</summary>
    Answered,

    /// <summary>The exchange is over (a WINS answer, a negative response, a node status).</summary>
    Finished,

    /// <summary>WACK (RFC 1002 4.2.16): stop retransmitting and wait <see cref="NbnsReply.Wait"/> for the real answer.</summary>
    Wait,
}
