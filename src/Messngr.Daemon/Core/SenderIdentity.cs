using System.Net;

namespace Messngr.Daemon.Core;

/// <summary>
/// Who sent a message (issue #13, item 1), in one of two kinds:
/// <see cref="Native"/> — a messngr node whose certificate the transport verified (its node id
/// text) and the user on it, both vouched for; <see cref="Classic"/> — a name the sender claims
/// and the address the datagram or connection came from, neither verified (NetBIOS, SMB and
/// MS-MSRP carry no identity), shown as unverified.
/// </summary>
internal abstract record SenderIdentity
{
    private SenderIdentity()
    {
    }

    /// <summary>Whether a transport authenticated the sender.</summary>
    public abstract bool Verified { get; }

    /// <summary>A verified messngr node (node id as text, e.g. <c>P56IOI7-MZJNU2Y-…</c>) and its user.</summary>
    public sealed record Native : SenderIdentity
    {
        public Native(string nodeId, string user)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(nodeId);
            ArgumentException.ThrowIfNullOrWhiteSpace(user);
            NodeId = nodeId;
            User = user;
        }

        public string NodeId { get; }

        public string User { get; }

        public override bool Verified => true;
    }

    /// <summary>An unverified classic sender: the name it claims and where its packets came from.</summary>
    public sealed record Classic(string ClaimedName, IPEndPoint Address) : SenderIdentity
    {
        public override bool Verified => false;
    }
}
