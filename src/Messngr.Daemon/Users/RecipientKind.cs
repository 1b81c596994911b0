namespace Messngr.Daemon.Users;

/// <summary>How a message's To name was matched to local users.</summary>
internal enum RecipientKind
{
    /// <summary>A logged-on user's name (their USER&lt;03&gt;, [MS-MSRP] 3.1.3).</summary>
    User,

    /// <summary>A <c>net name</c> alias owned by a user.</summary>
    Alias,

    /// <summary>The computer name: every local user who has not opted out.</summary>
    ComputerName,

    /// <summary>The workgroup name (broadcasts, <c>net send *</c>): every local user who has not opted out.</summary>
    Broadcast,

    /// <summary>No logged-on user, alias, computer name or workgroup by that name: no terminal (fails closed).</summary>
    Unknown,
}
