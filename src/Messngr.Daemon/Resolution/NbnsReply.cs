namespace Messngr.Daemon.Resolution;

/// <summary>A handler's verdict on one datagram; <see cref="Wait"/> only for <see cref="NbnsReplyKind.Wait"/>.</summary>
internal readonly record struct NbnsReply(NbnsReplyKind Kind, TimeSpan Wait = default)
{
    public static NbnsReply Ignored => new(NbnsReplyKind.Ignored);

    public static NbnsReply Answered => new(NbnsReplyKind.Answered);

    public static NbnsReply Finished => new(NbnsReplyKind.Finished);
}
