namespace Messngr.Daemon.Sending;

/// <summary>The forms a <c>messngr send</c> recipient takes (Windows <c>net send</c> and <c>msg</c> syntax).</summary>
public enum RecipientForm
{
    /// <summary><c>NAME</c>: a user or computer, resolved as <c>NAME&lt;03&gt;</c>.</summary>
    Name,

    /// <summary><c>NAME@HOST</c>: the messenger name NAME on HOST (an address or a host name); no resolution of NAME.</summary>
    NameAtHost,

    /// <summary>An IPv4 address: the machine's messenger name is asked by node status.</summary>
    Address,

    /// <summary><c>*</c> or <c>/domain[:NAME]</c>: the workgroup broadcast (<c>\MAILSLOT\MESSNGR</c> to <c>WORKGROUP&lt;00&gt;</c>).</summary>
    Workgroup,

    /// <summary><c>/users</c>: every user with a session on this host (<c>msg *</c>).</summary>
    LocalUsers,
}
