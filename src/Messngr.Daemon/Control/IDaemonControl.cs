using Messngr.Daemon.Listeners;
using Messngr.Daemon.Messages;

namespace Messngr.Daemon.Control;

/// <summary>
/// What the control API (HTTP+JSON over the Unix socket) may ask of the running daemon.
/// Implemented by the daemon host; the caller's uid (from SO_PEERCRED) is passed in so the
/// daemon decides what it may see and change (architecture.md: a user manages their own names
/// and messages, root everything).
/// </summary>
internal interface IDaemonControl
{
    /// <summary>Names with their state; every caller may list them (like <c>net name</c>).</summary>
    IReadOnlyList<NameInfo> ListNames();

    /// <summary><c>net name NAME /add</c>: registers NAME&lt;03&gt; owned by <paramref name="callerUid"/>.</summary>
    Task<NameChangeResult> AddNameAsync(string name, uint callerUid, CancellationToken cancellationToken);

    /// <summary><c>net name NAME /delete</c>: only the owner or root; the computer name cannot be deleted ([MS-MSRP] 3.1.4.12).</summary>
    Task<NameChangeResult> DeleteNameAsync(string name, uint callerUid, CancellationToken cancellationToken);

    /// <summary>Received messages, newest first, that <paramref name="callerUid"/> may read (root: all; a user: those to their names, the computer name and broadcasts).</summary>
    IReadOnlyList<StoredMessage> History(uint callerUid, int limit);

    /// <summary>Messages as they are committed, filtered as <see cref="History"/>; ends when the token is cancelled.</summary>
    IAsyncEnumerable<StoredMessage> Listen(uint callerUid, CancellationToken cancellationToken);

    /// <summary>Names, listeners (bound or why not), counters.</summary>
    DaemonStatus Status();
}

/// <summary>State of a name in the table: being registered, held, or lost to a conflict (RFC 1002 §5.1.1).</summary>
internal enum NameState
{
    Registering,
    Registered,
    Conflict,
    Releasing,
}

/// <summary>Why a name is in the table.</summary>
internal enum NameKind
{
    /// <summary>COMPUTER&lt;00&gt; / COMPUTER&lt;03&gt;.</summary>
    Computer,

    /// <summary>WORKGROUP&lt;00&gt; group.</summary>
    Workgroup,

    /// <summary>A logged-on user's USER&lt;03&gt;.</summary>
    User,

    /// <summary>Added with <c>messngr name NAME /add</c> or the <c>alias</c> option.</summary>
    Alias,
}

/// <summary>One row of <c>messngr name</c>.</summary>
internal sealed record NameInfo(string Name, byte Suffix, bool IsGroup, NameKind Kind, NameState State, uint? OwnerUid, string? Detail);

/// <summary>Outcome of a name change.</summary>
internal enum NameChangeOutcome
{
    Ok,
    AlreadyExists,
    NotFound,
    Forbidden,
    Invalid,
    Conflict,
}

internal sealed record NameChangeResult(NameChangeOutcome Outcome, string Message);

/// <summary>A committed message with its store id.</summary>
internal sealed record StoredMessage(long Id, ReceivedMessage Message);

/// <summary>The answer to <c>messngr status</c>.</summary>
internal sealed record DaemonStatus(
    string NetBiosName,
    string Workgroup,
    DateTimeOffset StartedAt,
    IReadOnlyList<NameInfo> Names,
    IReadOnlyList<ListenerStatus> Listeners,
    IReadOnlyDictionary<string, long> Counters);
