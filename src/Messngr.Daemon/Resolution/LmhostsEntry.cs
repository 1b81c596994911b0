using System.Net;
using Messngr.Wire.NetBios;

namespace Messngr.Daemon.Resolution;

/// <summary>
/// One <c>ADDRESS NAME[#XX]</c> line of an lmhosts file. Without <c>#XX</c> the entry matches
/// every suffix, as in Samba (<c>getlmhostsent</c>: name type -1); <see cref="Name"/> then holds suffix 0.
/// </summary>
internal sealed record LmhostsEntry(IPAddress Address, NetBiosName Name, bool AnySuffix, int Line)
{
    /// <summary>Same 15 name bytes and scope, and the same suffix unless the entry has none.</summary>
    public bool Matches(NetBiosName name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return Name.NameBytes.SequenceEqual(name.NameBytes)
            && (AnySuffix || Name.Suffix == name.Suffix)
            && string.Equals(Name.Scope, name.Scope, StringComparison.OrdinalIgnoreCase);
    }
}
