using System.Globalization;
using System.Text;

namespace Messngr.Daemon.Users;

/// <summary>
/// Parser of <c>/etc/passwd</c> (passwd(5)): <c>name:password:UID:GID:GECOS:directory:shell</c>, one
/// account a line. Total: malformed lines are skipped, the file is read up to
/// <see cref="MaxBytes"/> and a missing or unreadable file is an empty database.
/// </summary>
internal static class PasswdFile
{
    /// <summary>Upper bound on what is read; real passwd files are a few KiB.</summary>
    public const int MaxBytes = 4 * 1024 * 1024;

    public static IReadOnlyList<UserAccount> Read(string path)
    {
        byte[] bytes;
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            bytes = new byte[(int)Math.Min(stream.Length, MaxBytes)];
            stream.ReadAtLeast(bytes, bytes.Length, throwOnEndOfStream: false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return [];
        }

        return Parse(Encoding.UTF8.GetString(bytes));
    }

    public static IReadOnlyList<UserAccount> Parse(string text)
    {
        var accounts = new List<UserAccount>();
        foreach (var line in text.Split('\n'))
        {
            if (TryParseLine(line, out var account))
            {
                accounts.Add(account);
            }
        }

        return accounts;
    }

    // NIS compat lines ("+", "-name", "+@group") are not accounts: they start with '+' or '-'.
    private static bool TryParseLine(string line, out UserAccount account)
    {
        account = null!;
        var fields = line.TrimEnd('\r').Split(':');
        if (fields.Length != 7 || fields[0].Length == 0 || fields[0][0] is '+' or '-' or '#')
        {
            return false;
        }

        if (!uint.TryParse(fields[2], NumberStyles.None, CultureInfo.InvariantCulture, out var uid)
            || !uint.TryParse(fields[3], NumberStyles.None, CultureInfo.InvariantCulture, out var gid)
            || !fields[5].StartsWith('/'))
        {
            return false;
        }

        account = new UserAccount(fields[0], uid, gid, fields[5]);
        return true;
    }
}
