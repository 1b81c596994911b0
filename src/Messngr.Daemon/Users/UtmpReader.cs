using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Messngr.Daemon.Users;

/// <summary>
/// <see cref="ILoggedOnUsers"/> from utmp, as who(1), write(1) and wall(1) read it: every
/// USER_PROCESS record whose user is a known account (uid from <see cref="UserAccounts"/>).
/// A missing utmp (containers, systems without login records) means nobody is logged on.
/// </summary>
internal sealed class UtmpReader : ILoggedOnUsers
{
    public const string DefaultPath = "/var/run/utmp";

    private readonly string _path;
    private readonly UserAccounts _accounts;
    private readonly int _maxRecords;
    private readonly ILogger _logger;

    public UtmpReader(UserAccounts accounts, string path = DefaultPath, int maxRecords = UtmpParser.DefaultMaxRecords, ILogger? logger = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxRecords);
        _accounts = accounts;
        _path = path;
        _maxRecords = maxRecords;
        _logger = logger ?? NullLogger.Instance;
    }

    public IReadOnlyList<LoggedOnUser> Current()
    {
        var users = new List<LoggedOnUser>();
        foreach (var entry in UtmpParser.Parse(ReadBounded(), _maxRecords))
        {
            var account = _accounts.FindByName(entry.User);
            if (account is null)
            {
                UsersLog.UnknownUtmpUser(_logger, entry.User, entry.Line);
                continue;
            }

            var user = new LoggedOnUser(account.Name, account.Uid, entry.Line);
            if (!users.Contains(user))
            {
                users.Add(user);
            }
        }

        return users;
    }

    private byte[] ReadBounded()
    {
        try
        {
            using var stream = new FileStream(_path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            var buffer = new byte[(int)Math.Min(stream.Length, (long)_maxRecords * UtmpParser.RecordSize)];
            var read = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
            return read == buffer.Length ? buffer : buffer[..read];
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return [];
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            UsersLog.UtmpUnreadable(_logger, _path, ex.Message);
            return [];
        }
    }
}
