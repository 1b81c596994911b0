namespace Messngr.Daemon.Native;

/// <summary>What an <see cref="ITlsPeerVerifier"/> decided; a refusal says why, in words for the log and the user.</summary>
internal readonly record struct TlsPeerVerdict(bool Accepted, string Reason)
{
    public static TlsPeerVerdict Accept(string reason = "trusted") => new(true, reason);

    public static TlsPeerVerdict Refuse(string reason) => new(false, reason);
}
