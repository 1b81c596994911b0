using Messngr.Daemon.Core;

namespace Messngr.Daemon.Control;

/// <summary>
/// What a caller's uid (SO_PEERCRED, socket(7)) may see and change (architecture.md: "a user
/// manages their own names and messages; root everything"). Pure functions: the control server
/// applies them before it calls <see cref="IDaemonControl"/> and to everything it sends back, and
/// an <see cref="IDaemonControl"/> implementation may call them too so both agree.
/// </summary>
internal static class ControlAuthorization
{
    public const uint RootUid = 0;

    /// <summary>
    /// <c>net name NAME /delete</c>: the computer name and the workgroup can never be deleted
    /// ([MS-MSRP] 3.1.4.12, NERR_DelComputerName); a user's or an alias's name only by its owner
    /// or root; a name without an owner (the <c>alias</c> option) only by root.
    /// </summary>
    public static bool MayDeleteName(NameInfo name, uint callerUid, out string reason)
    {
        if (name.Kind is NameKind.Computer or NameKind.Workgroup)
        {
            reason = $"{name.Name} is the {(name.Kind == NameKind.Computer ? "computer" : "workgroup")} name and cannot be deleted";
            return false;
        }

        if (callerUid == RootUid || name.OwnerUid == callerUid)
        {
            reason = string.Empty;
            return true;
        }

        reason = name.OwnerUid is { } owner
            ? $"{name.Name} belongs to uid {owner}; only its owner or root may delete it"
            : $"{name.Name} was configured by the administrator; only root may delete it";
        return false;
    }

    /// <summary>
    /// <c>messngr trust add|remove</c> (issue #13, item 4): only root and the account the daemon
    /// runs as, since a trusted node may send as any of its users; any local user may list the
    /// trust list and read the node id (both are public).
    /// </summary>
    public static bool MayChangeTrust(uint callerUid, uint daemonUid, out string reason)
    {
        if (callerUid == RootUid || callerUid == daemonUid)
        {
            reason = string.Empty;
            return true;
        }

        reason = $"only root or the daemon's own user (uid {daemonUid}) may change which nodes are trusted";
        return false;
    }

    /// <summary>
    /// Whether <paramref name="callerUid"/> may read <paramref name="message"/>: root all; a user
    /// the messages to a name they owned when the message arrived, and those for everyone (to the
    /// computer name and the workgroup: broadcasts, protocols.md §4.2). Who owns the name now does
    /// not matter (issue #10, item 3): <see cref="ReceivedMessage.OwnerUid"/> was fixed at commit.
    /// </summary>
    public static bool MayReadMessage(ReceivedMessage message, uint callerUid)
    {
        ArgumentNullException.ThrowIfNull(message);
        return callerUid == RootUid || message.OwnerUid is null || message.OwnerUid == callerUid;
    }

    /// <summary>
    /// Whether <paramref name="callerUid"/> may see (and wait on) a message sent natively through
    /// the daemon (issue #13, item 8): root all, a user only what they sent. Any local user may
    /// send, always as themselves (the sender is taken from SO_PEERCRED, never from the request).
    /// </summary>
    public static bool MayReadSent(OutgoingMessage message, uint callerUid)
    {
        ArgumentNullException.ThrowIfNull(message);
        return callerUid == RootUid || message.FromUid == callerUid;
    }
}
