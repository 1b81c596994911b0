namespace Messngr.Daemon.Core;

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
