namespace Messngr.Daemon.Sending;

/// <summary>
/// The answer of one transport attempt: <paramref name="Outcome"/>, and <paramref name="Detail"/>, a
/// short human sentence naming the receiver's reply or the error (e.g. "negative session response
/// 0x82 (called name not present)", "SMB error ERRSRV/ERRmsgoff (0x0002/0x0031)",
/// "NetrSendMessage returned NERR_NameNotFound (2273)"). <paramref name="Blocks"/> counts the SMB
/// text blocks sent (0 for datagram paths). <paramref name="NoSession"/> says the SMB path failed
/// before a session existed (connection or session request refused), the case in which Windows
/// falls back to RPC ([MS-MSRP] note &lt;25&gt;).
/// </summary>
public sealed record TransportResult(SendOutcome Outcome, string Detail, int Blocks = 0, bool NoSession = false);
