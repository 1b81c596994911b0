using Messngr.Daemon.Options;
using Messngr.Wire;
using Messngr.Wire.NetBios;

namespace Messngr.Daemon.Listeners;

/// <summary>One name this node answers for.</summary>
internal sealed record LocalName(NetBiosName Name, bool IsGroup);

/// <summary>
/// The names this node holds: <c>COMPUTER&lt;00&gt;</c>, <c>COMPUTER&lt;03&gt;</c>, each alias
/// <c>&lt;03&gt;</c> ([MS-MSRP] 3.1.3) and the workgroup <c>&lt;00&gt;</c> group (protocols.md §1.2).
/// Messages are accepted for the <c>&lt;03&gt;</c> names and, for broadcasts, the workgroup name
/// (protocols.md §4.2: Windows displays domain broadcasts).
/// </summary>
internal sealed class LocalNames
{
    private readonly List<LocalName> _names;
    private readonly System.Text.Encoding _oem;

    private LocalNames(List<LocalName> names, NetBiosName workgroup, System.Text.Encoding oem)
    {
        _names = names;
        Workgroup = workgroup;
        _oem = oem;
    }

    public NetBiosName Workgroup { get; }

    public IReadOnlyList<LocalName> All => _names;

    public static LocalNames FromOptions(ServeOptions options)
    {
        var oem = OemCodePage.Get(options.CodePage);
        var names = new List<LocalName>
        {
            new(NetBiosName.Create(options.NetBiosName, NetBiosName.SuffixWorkstation, oem), false),
            new(NetBiosName.Create(options.NetBiosName, NetBiosName.SuffixMessenger, oem), false),
        };
        foreach (var alias in options.Aliases)
        {
            var name = NetBiosName.Create(alias, NetBiosName.SuffixMessenger, oem);
            if (!names.Any(n => n.Name == name))
            {
                names.Add(new(name, false));
            }
        }

        var workgroup = NetBiosName.Create(options.Workgroup, NetBiosName.SuffixWorkstation, oem);
        names.Add(new(workgroup, true));
        return new LocalNames(names, workgroup, oem);
    }

    /// <summary>The entry for <paramref name="name"/> (same 16 bytes), or null.</summary>
    public LocalName? Find(NetBiosName name) => _names.FirstOrDefault(n => n.Name.RawBytes.SequenceEqual(name.RawBytes));

    /// <summary>True when <paramref name="name"/> is one of our <c>&lt;03&gt;</c> messenger names.</summary>
    public bool IsMessengerName(NetBiosName name) => name.Suffix == NetBiosName.SuffixMessenger && Find(name) is not null;

    /// <summary>
    /// Matches a recipient string from a message body ([MS-MSRP] 2.2.2.1 CompareName: upper-case,
    /// OEM, first 15 bytes) against our messenger names; <paramref name="includeWorkgroup"/> also
    /// accepts the workgroup name (mailslot broadcasts carry it as To).
    /// </summary>
    public bool AcceptsRecipient(ReadOnlySpan<byte> to, bool includeWorkgroup)
    {
        NetBiosName candidate;
        try
        {
            candidate = NetBiosName.Create(_oem.GetString(to).Trim(), NetBiosName.SuffixMessenger, _oem);
        }
        catch (ArgumentException)
        {
            return false;
        }

        return IsMessengerName(candidate) || (includeWorkgroup && candidate.NameBytes.SequenceEqual(Workgroup.NameBytes));
    }

    public System.Text.Encoding Oem => _oem;
}
