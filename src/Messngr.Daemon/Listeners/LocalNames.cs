using Messngr.Daemon.Options;
using Messngr.Wire;
using Messngr.Wire.NetBios;
using Messngr.Daemon.Core;

namespace Messngr.Daemon.Listeners;

/// <summary>
/// One name of the local name table with its registration state (RFC 1002 §5.1.1) and why we
/// hold it. <paramref name="Detail"/> says what went wrong, e.g. "owned by 10.0.0.5".
/// </summary>
internal sealed record LocalName(
    NetBiosName Name,
    bool IsGroup,
    NameKind Kind = NameKind.Alias,
    NameState State = NameState.Registered,
    uint? OwnerUid = null,
    string? Detail = null);

/// <summary>
/// The names this node holds: <c>COMPUTER&lt;00&gt;</c>, <c>COMPUTER&lt;03&gt;</c>, each alias and
/// logged-on user <c>&lt;03&gt;</c> ([MS-MSRP] 3.1.3) and the workgroup <c>&lt;00&gt;</c> group
/// (protocols.md §1.2). Messages are accepted for the <c>&lt;03&gt;</c> names and, for broadcasts,
/// the workgroup name (protocols.md §4.2: Windows displays domain broadcasts).
/// <para>
/// Thread-safe: readers see an immutable snapshot array, writers replace it under a lock. A name
/// being registered or in conflict logically does not exist ([MS-NBTE] 3.1.5.1, protocols.md §2.6):
/// <see cref="Find"/> and <see cref="AcceptsRecipient"/> only see <see cref="NameState.Registered"/>
/// entries; <see cref="FindAny"/> sees every state (for defence and conflict handling).
/// </para>
/// </summary>
internal sealed class LocalNames
{
    /// <summary>
    /// Largest table: NUM_NAMES of a node status response is one byte (RFC 1002 4.2.18), so the
    /// whole table must fit in 255 entries — a little under [MS-MSRP] note &lt;9&gt;'s 256 per LANA.
    /// </summary>
    public const int MaxNames = Messngr.Wire.NetBios.NameService.NodeStatusRData.MaxNames;

    private readonly Lock _gate = new();
    private LocalName[] _entries;

    private LocalNames(LocalName[] entries, NetBiosName computer, NetBiosName workgroup, System.Text.Encoding oem)
    {
        _entries = entries;
        ComputerName = computer;
        Workgroup = workgroup;
        Oem = oem;
        Scope = computer.Scope;
    }

    /// <summary>
    /// Our NetBIOS scope (RFC 1001 §5.2, Samba's <c>netbios scope</c>; empty by default). Nodes only
    /// see names in their own scope (protocols.md §1.6): a name from the wire in another scope is
    /// not ours on any listener, whatever its 16 bytes.
    /// </summary>
    public string Scope { get; }

    /// <summary>True when <paramref name="name"/> (from the wire) is in our scope (case-insensitive, as Samba upper-cases it).</summary>
    public bool InScope(NetBiosName name) => string.Equals(name.Scope, Scope, StringComparison.OrdinalIgnoreCase);

    /// <summary>A name of ours: <paramref name="name"/> upper-cased in our code page and scope.</summary>
    public NetBiosName Create(string name, byte suffix) => NetBiosName.Create(name, suffix, Oem, Scope);

    /// <summary>The workgroup group name <c>WORKGROUP&lt;00&gt;</c>.</summary>
    public NetBiosName Workgroup { get; }

    /// <summary>The computer name <c>COMPUTER&lt;00&gt;</c>.</summary>
    public NetBiosName ComputerName { get; }

    public System.Text.Encoding Oem { get; }

    /// <summary>Every entry in table order (the computer name first), whatever its state.</summary>
    public IReadOnlyList<LocalName> All => Volatile.Read(ref _entries);

    public int Count => Volatile.Read(ref _entries).Length;

    /// <summary>
    /// The table from the options, every name <see cref="NameState.Registered"/>: that is right
    /// while no name service runs (names held locally, e.g. when nmbd owns UDP 137); the name
    /// service moves them to <see cref="NameState.Registering"/> when it starts.
    /// </summary>
    public static LocalNames FromOptions(ServeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var oem = OemCodePage.Get(options.CodePage);
        var computer = NetBiosName.Create(options.NetBiosName, NetBiosName.SuffixWorkstation, oem, options.NetBiosScope);
        var names = new List<LocalName>
        {
            new(computer, false, NameKind.Computer),
            new(computer.WithSuffix(NetBiosName.SuffixMessenger), false, NameKind.Computer),
        };
        foreach (var alias in options.Aliases)
        {
            var name = NetBiosName.Create(alias, NetBiosName.SuffixMessenger, oem, options.NetBiosScope);
            if (!names.Any(n => n.Name == name) && names.Count < MaxNames - 1)
            {
                names.Add(new(name, false, NameKind.Alias));
            }
        }

        var workgroup = NetBiosName.Create(options.Workgroup, NetBiosName.SuffixWorkstation, oem, options.NetBiosScope);
        names.Add(new(workgroup, true, NameKind.Workgroup));
        return new LocalNames([.. names], computer, workgroup, oem);
    }

    /// <summary>The registered entry for <paramref name="name"/> (same 16 bytes), or null.</summary>
    public LocalName? Find(NetBiosName name) => FindAny(name) is { State: NameState.Registered } entry ? entry : null;

    /// <summary>The entry for <paramref name="name"/> (same 16 bytes, same scope) in any state, or null.</summary>
    public LocalName? FindAny(NetBiosName name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!InScope(name))
        {
            return null;
        }

        foreach (var entry in Volatile.Read(ref _entries))
        {
            if (entry.Name.RawBytes.SequenceEqual(name.RawBytes))
            {
                return entry;
            }
        }

        return null;
    }

    /// <summary>True when <paramref name="name"/> is one of our registered <c>&lt;03&gt;</c> messenger names.</summary>
    public bool IsMessengerName(NetBiosName name) => name.Suffix == NetBiosName.SuffixMessenger && Find(name) is not null;

    /// <summary>
    /// Matches a recipient string from a message body ([MS-MSRP] 2.2.2.1 CompareName: upper-case,
    /// OEM, first 15 bytes) against our registered messenger names; <paramref name="includeWorkgroup"/>
    /// also accepts the workgroup name (mailslot broadcasts carry it as To) once its group
    /// registration has finished.
    /// </summary>
    public bool AcceptsRecipient(ReadOnlySpan<byte> to, bool includeWorkgroup) => MatchRecipient(to, includeWorkgroup) is not null;

    /// <summary>
    /// Like <see cref="AcceptsRecipient"/>, but returns the canonical name that matched (our table's
    /// spelling, e.g. <c>BOB</c>), or null. The destination field may hold up to 255 bytes of which
    /// only the first 15 are compared (protocols.md §1.2): the rest must never be stored, shown,
    /// logged or passed on as the recipient (issue #10, item 5).
    /// </summary>
    public string? MatchRecipient(ReadOnlySpan<byte> to, bool includeWorkgroup)
    {
        NetBiosName candidate;
        try
        {
            // A recipient string from a message body carries no scope: it is matched in ours.
            candidate = Create(Oem.GetString(to).Trim(), NetBiosName.SuffixMessenger);
        }
        catch (ArgumentException)
        {
            return null;
        }

        if (IsMessengerName(candidate))
        {
            return candidate.GetName(Oem);
        }

        return includeWorkgroup && candidate.NameBytes.SequenceEqual(Workgroup.NameBytes) && Find(Workgroup) is not null
            ? Workgroup.GetName(Oem)
            : null;
    }

    /// <summary>The table as <c>messngr name</c> shows it.</summary>
    public IReadOnlyList<NameInfo> Snapshot() =>
        [.. Volatile.Read(ref _entries).Select(e => new NameInfo(e.Name.GetName(Oem), e.Name.Suffix, e.IsGroup, e.Kind, e.State, e.OwnerUid, e.Detail))];

    /// <summary>Adds <paramref name="entry"/> unless its name is present or the table is full.</summary>
    public bool TryAdd(LocalName entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        lock (_gate)
        {
            if (_entries.Length >= MaxNames || FindAny(entry.Name) is not null)
            {
                return false;
            }

            _entries = [.. _entries, entry];
            return true;
        }
    }

    /// <summary>Replaces the entry for <paramref name="name"/> with <paramref name="change"/>(entry); the new entry, or null when absent.</summary>
    public LocalName? Update(NetBiosName name, Func<LocalName, LocalName> change)
    {
        ArgumentNullException.ThrowIfNull(change);
        lock (_gate)
        {
            var index = IndexOf(name);
            if (index < 0)
            {
                return null;
            }

            var updated = change(_entries[index]);
            var copy = (LocalName[])_entries.Clone();
            copy[index] = updated;
            _entries = copy;
            return updated;
        }
    }

    /// <summary>Removes the entry for <paramref name="name"/>; false when absent.</summary>
    public bool Remove(NetBiosName name)
    {
        lock (_gate)
        {
            var index = IndexOf(name);
            if (index < 0)
            {
                return false;
            }

            _entries = [.. _entries.Take(index), .. _entries.Skip(index + 1)];
            return true;
        }
    }

    private int IndexOf(NetBiosName name) => Array.FindIndex(_entries, e => e.Name.RawBytes.SequenceEqual(name.RawBytes));
}
