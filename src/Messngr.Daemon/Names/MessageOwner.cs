using Messngr.Daemon.Core;

namespace Messngr.Daemon.Names;

/// <summary>
/// Who may read a message, decided from the name table when it is committed (issue #10, item 3):
/// the uid that owns its To name at that moment, never whoever owns the name later. The To name
/// is compared as [MS-MSRP] 2.2.2.1 CompareName does: trimmed, case-insensitive, 15 characters.
/// <list type="bullet">
/// <item>a logged-on user's name or an alias added by a user → that uid;</item>
/// <item>the computer name or the workgroup (and so <c>net send *</c>) → everyone logged on
/// (null), as <c>messngr history</c> always showed them;</item>
/// <item>an alias from the <c>alias</c> option, or a name not in the table → root only (0).</item>
/// </list>
/// </summary>
internal static class MessageOwner
{
    private const int NameLength = 15;

    public static uint? Of(IReadOnlyList<NameInfo> names, string to)
    {
        ArgumentNullException.ThrowIfNull(names);
        ArgumentNullException.ThrowIfNull(to);
        var key = to.Trim();
        key = (key.Length > NameLength ? key[..NameLength] : key).TrimEnd();
        uint? owner = 0;
        foreach (var name in names)
        {
            if (!string.Equals(name.Name.Trim(), key, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            if (name.Kind is NameKind.Computer or NameKind.Workgroup)
            {
                return null;
            }

            if (name.OwnerUid is { } uid)
            {
                owner = uid;
            }
        }

        return owner;
    }
}
