namespace Messngr.Daemon.Users;

/// <summary>
/// A user opts out of messages to the computer name and broadcasts by creating
/// <c>~/.config/messngr/no-tty</c> (any file type; its content is ignored). Messages addressed to
/// the user's own name or alias are still shown — on terminals where <c>mesg y</c> is set.
/// The check looks only at the link itself: a symbolic link there counts as opting out
/// whatever it points to, so the root daemon never reveals whether another file exists.
/// </summary>
internal sealed class BroadcastOptOut
{
    public const string RelativePath = ".config/messngr/no-tty";

    private readonly UserAccounts _accounts;

    public BroadcastOptOut(UserAccounts accounts) => _accounts = accounts;

    public bool IsOptedOut(LoggedOnUser user)
    {
        var account = _accounts.FindByName(user.Name);
        if (account is null || account.Home.Length == 0)
        {
            return false;
        }

        try
        {
            var marker = new FileInfo(Path.Combine(account.Home, RelativePath));
            return marker.Exists || marker.LinkTarget is not null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
