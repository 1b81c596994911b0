using Messngr.Daemon.Listeners;
using Messngr.Wire;
using Messngr.Wire.NetBios;
using Messngr.Daemon.Core;

namespace Messngr.Daemon.Names;

/// <summary>
/// Turns a caller's name into a messenger name <c>NAME&lt;03&gt;</c> ([MS-MSRP] 3.1.4.6:
/// upper-case, OEM code page) and rejects what Windows would not register: a name against
/// <see cref="NetBiosNameRule"/> (issue #12, item 10: the same rule and text as send and serve),
/// longer than 15 bytes or a character the code page cannot hold, or the workgroup name.
/// </summary>
internal static class NameValidator
{
    public static bool TryCreate(string? name, LocalNames names, out NetBiosName? result, out NameChangeResult? error)
    {
        ArgumentNullException.ThrowIfNull(names);
        result = null;
        error = null;
        var trimmed = name?.Trim() ?? string.Empty;
        if (NetBiosNameRule.Validate(trimmed, string.Empty) is { } broken)
        {
            error = Invalid(broken);
            return false;
        }

        byte[] encoded;
        try
        {
            encoded = OemCodePage.EncodeStrict(trimmed.ToUpperInvariant(), names.Oem, "name");
        }
        catch (ArgumentException ex)
        {
            error = Invalid(ex.Message);
            return false;
        }

        if (encoded.Length > NetBiosName.MaxNameLength)
        {
            error = Invalid($"'{Shown(trimmed)}' is {encoded.Length} bytes long in code page {names.Oem.CodePage}; a NetBIOS name has at most {NetBiosName.MaxNameLength}");
            return false;
        }

        var created = names.Create(trimmed, NetBiosName.SuffixMessenger);
        if (created.NameBytes.SequenceEqual(names.Workgroup.NameBytes))
        {
            error = Invalid($"'{Shown(trimmed)}' is the workgroup name");
            return false;
        }

        result = created;
        return true;
    }

    private static NameChangeResult Invalid(string message) => new(NameChangeOutcome.Invalid, message);

    /// <summary>The name as echoed in a message: at most 40 characters (control characters were rejected first).</summary>
    private static string Shown(string name) => name.Length <= 40 ? name : string.Concat(name.AsSpan(0, 40), "…");
}
