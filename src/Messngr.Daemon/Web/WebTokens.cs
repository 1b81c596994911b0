using System.Globalization;
using System.Security.Cryptography;

namespace Messngr.Daemon.Web;

/// <summary>
/// The web page's per-user tokens (issue #14, item 2): 256 random bits (RandomNumberGenerator),
/// 64 lower-case hex characters, one per uid, kept in <c>STATE_DIR/web-tokens/UID</c> (directory
/// 0700, file 0600, written atomically by <see cref="Native.PrivateFile"/>) so a restart keeps the
/// URL a user bookmarked. A token maps to exactly one uid; it is compared in constant time
/// (<see cref="CryptographicOperations.FixedTimeEquals"/>) against every stored one, so the time a
/// lookup takes says nothing about how much of a guess was right. Only the daemon reads the files:
/// a user gets their own token over the control socket (uid from SO_PEERCRED).
/// </summary>
internal sealed class WebTokens
{
    public const string DirectoryName = "web-tokens";
    public const int TokenBytes = 32;

    private const UnixFileMode DirectoryMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    private readonly string _directory;
    private readonly Lock _gate = new();
    private readonly Dictionary<uint, byte[]> _byUid = [];
    private bool _loaded;

    public WebTokens(string stateDirectory)
    {
        _directory = Path.Combine(stateDirectory, DirectoryName);
    }

    /// <summary>The uid's token, made (and stored) the first time it is asked for.</summary>
    public string GetOrCreate(uint uid)
    {
        lock (_gate)
        {
            Load();
            return _byUid.TryGetValue(uid, out var token) ? Convert.ToHexStringLower(token) : Store(uid);
        }
    }

    /// <summary><c>messngr web --new-token</c>: a fresh token for the uid; the old one stops working at once.</summary>
    public string Rotate(uint uid)
    {
        lock (_gate)
        {
            Load();
            return Store(uid);
        }
    }

    /// <summary>The uid whose token <paramref name="presented"/> is; false for anything else (wrong length, not hex, unknown).</summary>
    public bool TryFindUid(string? presented, out uint uid)
    {
        uid = uint.MaxValue;
        if (presented is null || presented.Length != TokenBytes * 2)
        {
            return false;
        }

        Span<byte> candidate = stackalloc byte[TokenBytes];
        if (Convert.FromHexString(presented, candidate, out _, out var written) != System.Buffers.OperationStatus.Done || written != TokenBytes)
        {
            return false;
        }

        var found = false;
        lock (_gate)
        {
            Load();
            // Every entry is compared (no early exit), so the match's position is not timed either.
            foreach (var (owner, token) in _byUid)
            {
                if (CryptographicOperations.FixedTimeEquals(token, candidate))
                {
                    uid = owner;
                    found = true;
                }
            }
        }

        return found;
    }

    private string Store(uint uid)
    {
        var token = RandomNumberGenerator.GetBytes(TokenBytes);
        EnsureDirectory();
        Native.PrivateFile.Write(PathFor(uid), System.Text.Encoding.ASCII.GetBytes(Convert.ToHexStringLower(token)));
        _byUid[uid] = token;
        return Convert.ToHexStringLower(token);
    }

    private void Load()
    {
        if (_loaded)
        {
            return;
        }

        _loaded = true;
        if (!Directory.Exists(_directory))
        {
            return;
        }

        foreach (var path in Directory.EnumerateFiles(_directory))
        {
            if (!uint.TryParse(Path.GetFileName(path), NumberStyles.None, CultureInfo.InvariantCulture, out var uid))
            {
                continue; // a temporary file of an interrupted write, or something not ours
            }

            var token = new byte[TokenBytes];
            var text = File.ReadAllText(path).Trim();
            if (text.Length == TokenBytes * 2 && Convert.FromHexString(text, token, out _, out var written) == System.Buffers.OperationStatus.Done && written == TokenBytes)
            {
                _byUid[uid] = token; // a damaged file is skipped: that user's next 'messngr web' makes a new token
            }
        }
    }

    private void EnsureDirectory()
    {
        if (!Directory.Exists(_directory))
        {
            Directory.CreateDirectory(_directory, DirectoryMode);
        }

        File.SetUnixFileMode(_directory, DirectoryMode); // mkdir(2) applied the umask; an older mode is tightened
    }

    private string PathFor(uint uid) => Path.Combine(_directory, uid.ToString(CultureInfo.InvariantCulture));
}
