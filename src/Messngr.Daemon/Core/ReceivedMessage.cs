using System.Net;

namespace Messngr.Daemon.Core;

/// <summary>
/// One message as it crossed a listener (architecture.md, "One Message model"). Classic
/// transports carry no identity, so <see cref="Authenticated"/> is false for them: the sender
/// name is a claim, shown as unverified.
/// </summary>
internal sealed record ReceivedMessage(
    string From,
    string To,
    string Text,
    MessageTransport Transport,
    IPEndPoint Source,
    DateTimeOffset ReceivedAt,
    bool Authenticated = false)
{
    /// <summary>The store's id, set once the message is committed (0 before).</summary>
    public long Id { get; init; }

    /// <summary>
    /// Who may read it besides root, decided once when it is committed (issue #10, item 3): the uid
    /// that owned the To name at that moment; null = everyone logged on (the computer name, the
    /// workgroup, a broadcast). The default 0 is root only, so a message nobody classified stays private.
    /// </summary>
    public uint? OwnerUid { get; init; } = 0;
}
