using Messngr.Daemon.Messages;
using Messngr.Daemon.Core;

namespace Messngr.Daemon.Control.Api;

/// <summary>Turns the daemon's records (<see cref="IDaemonControl"/>) into the wire contract, with fixed lower-case spellings.</summary>
internal static class ControlDtoMapper
{
    public static NameDto ToDto(NameInfo name) =>
        new(name.Name, name.Suffix, name.IsGroup ? "group" : "unique", Kind(name.Kind), State(name.State), name.OwnerUid, name.Detail);

    public static IReadOnlyList<NameDto> ToDto(IEnumerable<NameInfo> names) => names.Select(ToDto).ToList();

    /// <summary>
    /// A message as history and listen carry it: a sealed one as its envelope, with <c>text</c>
    /// null, whether it was read or not (issue #13, item 6) — only <see cref="ToOpenedDto"/>, for
    /// the one who opens it with <c>messngr read</c>, carries its text.
    /// </summary>
    public static MessageDto ToDto(StoredMessage stored) => ToDto(stored, opened: false);

    /// <summary>The message with its text, sealed or not: the answer to <c>POST /v1/messages/{id}/read</c>.</summary>
    public static MessageDto ToOpenedDto(StoredMessage stored) => ToDto(stored, opened: true);

    private static MessageDto ToDto(StoredMessage stored, bool opened)
    {
        var m = stored.Message;
        var native = m.Sender as SenderIdentity.Native;
        return new MessageDto(
            m.MessageId.ToString(),
            m.From,
            m.To,
            m.Sealed && !opened ? null : m.Text,
            Transport(m.Transport),
            m.Authenticated,
            m.Source.Address.ToString(),
            m.Source.Port,
            m.ReceivedAt,
            stored.Id,
            PriorityText.Format(m.Priority),
            m.Verified,
            native?.NodeId,
            native?.User,
            m.ExpiresAt,
            m.CorrelationKey,
            m.ReplyTo?.ToString(),
            m.SupersededBy?.ToString(),
            m.Sealed,
            m.DisplayedAt,
            m.ReadAt);
    }

    public static ListenerDto ToDto(ListenerStatus listener) =>
        new(listener.Name, listener.Protocol, listener.EndPoint, listener.Bound, listener.Error, State(listener.State), listener.Owner);

    public static string State(ListenerState state) => state switch
    {
        ListenerState.NotStarted => "not started",
        ListenerState.Bound => "bound",
        ListenerState.InUse => "in use",
        ListenerState.PermissionDenied => "permission denied",
        ListenerState.Failed => "failed",
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, "unknown listener state"),
    };

    public static StatusDto ToDto(DaemonStatus status) =>
        new(
            status.NetBiosName,
            status.Workgroup,
            status.StartedAt,
            ToDto(status.Names),
            status.Listeners.Select(ToDto).ToList(),
            new SortedDictionary<string, long>(status.Counters.ToDictionary(c => c.Key, c => c.Value), StringComparer.Ordinal),
            status.RunningAs,
            status.Store.Ok ? "ok" : "failing",
            status.Store.Ok ? null : status.Store.Detail,
            status.Store.Since,
            status.StateDirectory,
            status.NodeId);

    public static string Transport(MessageTransport transport) => transport switch
    {
        MessageTransport.Smb => "smb",
        MessageTransport.Mailslot => "mailslot",
        MessageTransport.Rpc => "rpc",
        MessageTransport.Native => "native",
        MessageTransport.Local => "local",
        _ => throw new ArgumentOutOfRangeException(nameof(transport), transport, "unknown transport"),
    };

    public static string Kind(NameKind kind) => kind switch
    {
        NameKind.Computer => "computer",
        NameKind.Workgroup => "workgroup",
        NameKind.User => "user",
        NameKind.Alias => "alias",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown name kind"),
    };

    public static string State(NameState state) => state switch
    {
        NameState.Registering => "registering",
        NameState.Registered => "registered",
        NameState.Conflict => "conflict",
        NameState.Releasing => "releasing",
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, "unknown name state"),
    };
}
