using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Messngr.Daemon.Users;

/// <summary>
/// Decides whose terminals show a message. The To name is compared like [MS-MSRP] 2.2.2.1
/// CompareName does: trimmed, case-insensitive, first 15 characters (a NetBIOS name holds 15).
/// <list type="number">
/// <item>a logged-on user's name → that user's sessions;</item>
/// <item>an alias owned by a uid (<c>aliasOwner</c>, from the name table) → that uid's sessions;</item>
/// <item>the computer name or the workgroup → every logged-on user who has not opted out
/// (<see cref="BroadcastOptOut"/>), like wall(1);</item>
/// <item>anything else — a user who logged off after the message was accepted, a deleted alias,
/// an empty or unknown name — → no terminal at all (<see cref="RecipientKind.Unknown"/>): the
/// message stays in history, it is never widened to everyone (fails closed, issue #10, item 4).</item>
/// </list>
/// Each terminal appears once. Per-terminal <c>mesg n</c> is checked by the sink on the open device.
/// </summary>
internal sealed class RecipientResolver
{
    public const int NameLength = 15;

    private readonly string _computerName;
    private readonly string _workgroup;
    private readonly Func<string, uint?> _aliasOwner;
    private readonly Func<LoggedOnUser, bool> _optedOut;
    private readonly ILogger _logger;

    public RecipientResolver(string computerName, string workgroup, Func<string, uint?> aliasOwner, Func<LoggedOnUser, bool> optedOut, ILogger? logger = null)
    {
        _computerName = Normalize(computerName);
        _workgroup = Normalize(workgroup);
        _aliasOwner = aliasOwner;
        _optedOut = optedOut;
        _logger = logger ?? NullLogger.Instance;
    }

    public static string Normalize(string name)
    {
        var trimmed = name.Trim();
        return (trimmed.Length > NameLength ? trimmed[..NameLength] : trimmed).TrimEnd().ToUpperInvariant();
    }

    public Recipients Resolve(string to, IReadOnlyList<LoggedOnUser> loggedOn)
    {
        var key = Normalize(to);
        var result = ResolveKey(key, loggedOn);
        UsersLog.Resolved(_logger, key, result.Kind, result.Sessions.Count);
        return result;
    }

    private Recipients ResolveKey(string key, IReadOnlyList<LoggedOnUser> loggedOn)
    {
        if (key.Length == 0)
        {
            return new Recipients(RecipientKind.Unknown, []);
        }

        var byName = Distinct(loggedOn.Where(u => Normalize(u.Name) == key));
        if (byName.Count > 0)
        {
            return new Recipients(RecipientKind.User, byName);
        }

        if (key != _computerName && key != _workgroup && _aliasOwner(key) is { } uid)
        {
            return new Recipients(RecipientKind.Alias, Distinct(loggedOn.Where(u => u.Uid == uid)));
        }

        if (key != _computerName && key != _workgroup)
        {
            return new Recipients(RecipientKind.Unknown, []);
        }

        var kind = key == _computerName ? RecipientKind.ComputerName : RecipientKind.Broadcast;
        var optedOut = new Dictionary<string, bool>(StringComparer.Ordinal);
        var everyone = loggedOn.Where(u =>
        {
            if (!optedOut.TryGetValue(u.Name, out var isOut))
            {
                isOut = _optedOut(u);
                optedOut[u.Name] = isOut;
            }

            return !isOut;
        });
        return new Recipients(kind, Distinct(everyone));
    }

    private static List<LoggedOnUser> Distinct(IEnumerable<LoggedOnUser> users)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        return users.Where(u => seen.Add(u.Terminal)).ToList();
    }
}
