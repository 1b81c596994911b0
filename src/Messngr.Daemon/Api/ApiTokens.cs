using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Messngr.Daemon.Api;

/// <summary>
/// The HTTP API's tokens (issue #15, item 1; <c>messngr token</c>). A secret is <c>msgr_</c> and
/// 64 lower-case hex characters: 256 bits from <see cref="RandomNumberGenerator"/>, shown once when
/// it is made. Only its SHA-256 is kept, in <c>STATE_DIR/api-tokens.json</c> (0600 from the first
/// byte, replaced atomically: <see cref="Native.PrivateFile"/>), so the file alone lets nobody call
/// the API. A presented secret is hashed and compared in constant time with every stored hash
/// (<see cref="CryptographicOperations.FixedTimeEquals"/>, no early exit). Revoking removes the
/// token from memory and the file at once and cancels <see cref="ApiCaller.Revoked"/>, which ends
/// the token's open streams. Bounded: <see cref="Core.DaemonLimits.MaxApiTokens"/> in all,
/// <see cref="Core.DaemonLimits.MaxApiTokensPerUser"/> per uid.
/// </summary>
internal sealed class ApiTokens
{
    public const string FileName = "api-tokens.json";
    public const string SecretPrefix = "msgr_";
    public const int SecretBytes = 32;
    public const int MaxNameLength = 64;

    private readonly string _path;
    private readonly Core.DaemonLimits _limits;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private readonly List<Entry> _entries = [];
    private bool _loaded;

    public ApiTokens(string stateDirectory, Core.DaemonLimits? limits = null, TimeProvider? time = null)
    {
        _path = Path.Combine(stateDirectory, FileName);
        _limits = limits ?? Core.DaemonLimits.Default;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>What is wrong with a token name; null when it is 1 to 64 of A-Z, a-z, 0-9, '.', '_' and '-'.</summary>
    public static string? NameProblem(string? name) =>
        string.IsNullOrEmpty(name) || name.Length > MaxNameLength || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-')
            ? $"a token name is 1 to {MaxNameLength} of A-Z, a-z, 0-9, '.', '_' and '-'"
            : null;

    /// <summary>Makes a token of <paramref name="uid"/>; returns its secret (the only time it exists outside the caller's hands) and what was stored.</summary>
    public ApiTokenResult Add(uint uid, string name, IReadOnlyList<string> sendTo)
    {
        ArgumentNullException.ThrowIfNull(sendTo);
        if (NameProblem(name) is { } badName)
        {
            return ApiTokenResult.Fail(ApiTokenOutcome.Invalid, badName);
        }

        if (sendTo.Count > _limits.MaxApiScopePatterns)
        {
            return ApiTokenResult.Fail(ApiTokenOutcome.Invalid, $"a token has at most {_limits.MaxApiScopePatterns} --send-to patterns");
        }

        if (sendTo.Select(RecipientPattern.Problem).FirstOrDefault(p => p is not null) is { } badPattern)
        {
            return ApiTokenResult.Fail(ApiTokenOutcome.Invalid, badPattern);
        }

        lock (_gate)
        {
            Load();
            if (_entries.Any(e => e.Record.Uid == uid && e.Record.Name == name))
            {
                return ApiTokenResult.Fail(ApiTokenOutcome.Exists, $"you have a token named {name} already; revoke it first or choose another name");
            }

            if (_entries.Count >= _limits.MaxApiTokens || _entries.Count(e => e.Record.Uid == uid) >= _limits.MaxApiTokensPerUser)
            {
                return ApiTokenResult.Fail(ApiTokenOutcome.Full, $"no more tokens: at most {_limits.MaxApiTokensPerUser} per user and {_limits.MaxApiTokens} in all; revoke one first");
            }

            var secret = SecretPrefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(SecretBytes));
            var record = new ApiTokenRecord(name, uid, Convert.ToHexStringLower(Hash(secret)), [.. sendTo], _time.GetUtcNow());
            _entries.Add(new Entry(record));
            try
            {
                Save();
            }
            catch
            {
                _entries.RemoveAt(_entries.Count - 1); // nothing half-stored: not in memory unless on disk
                throw;
            }

            return new ApiTokenResult(ApiTokenOutcome.Ok, null, record, secret);
        }
    }

    /// <summary>The tokens <paramref name="callerUid"/> may see: its own; root's: all.</summary>
    public IReadOnlyList<ApiTokenRecord> List(uint callerUid)
    {
        lock (_gate)
        {
            Load();
            return [.. _entries.Select(e => e.Record).Where(r => callerUid == 0 || r.Uid == callerUid).OrderBy(r => r.Uid).ThenBy(r => r.Name, StringComparer.Ordinal)];
        }
    }

    /// <summary>
    /// Revokes the token <paramref name="name"/> of <paramref name="ownerUid"/> (default: the caller);
    /// only root names another owner. Works at once: the next request with it is 401, its streams end.
    /// </summary>
    public ApiTokenResult Revoke(uint callerUid, string name, uint? ownerUid = null)
    {
        var owner = ownerUid ?? callerUid;
        if (owner != callerUid && callerUid != 0)
        {
            return ApiTokenResult.Fail(ApiTokenOutcome.Forbidden, "only root revokes another user's token");
        }

        lock (_gate)
        {
            Load();
            var index = _entries.FindIndex(e => e.Record.Uid == owner && e.Record.Name == name);
            if (index < 0)
            {
                return ApiTokenResult.Fail(ApiTokenOutcome.NotFound, $"no token named {Display.TerminalText.SingleLine(name)} (see 'messngr token list')");
            }

            var entry = _entries[index];
            _entries.RemoveAt(index);
            try
            {
                Save();
            }
            catch
            {
                _entries.Insert(index, entry);
                throw;
            }

            entry.Revoked.Cancel();
            return new ApiTokenResult(ApiTokenOutcome.Ok, null, entry.Record, null);
        }
    }

    /// <summary>The caller a presented secret stands for; false for anything else (malformed, unknown, revoked).</summary>
    public bool TryResolve(string? presented, out ApiCaller caller)
    {
        caller = null!;
        if (presented is null || presented.Length != SecretPrefix.Length + (SecretBytes * 2) || !presented.StartsWith(SecretPrefix, StringComparison.Ordinal))
        {
            return false;
        }

        var hash = Hash(presented);
        Span<byte> stored = stackalloc byte[SHA256.HashSizeInBytes];
        Entry? found = null;
        lock (_gate)
        {
            Load();
            foreach (var entry in _entries)
            {
                if (Convert.FromHexString(entry.Record.Hash, stored, out _, out var written) == System.Buffers.OperationStatus.Done &&
                    written == stored.Length && CryptographicOperations.FixedTimeEquals(stored, hash))
                {
                    found = entry;
                }
            }
        }

        if (found is null)
        {
            return false;
        }

        caller = new ApiCaller(found.Record.Uid, found.Record.Name, found.Record.SendTo, found.Revoked.Token);
        return true;
    }

    private static byte[] Hash(string secret) => SHA256.HashData(Encoding.ASCII.GetBytes(secret));

    private void Load()
    {
        if (_loaded)
        {
            return;
        }

        if (File.Exists(_path))
        {
            // A damaged file stops the API's tokens (logged by the caller), never the daemon; it is not overwritten silently.
            var file = JsonSerializer.Deserialize(File.ReadAllBytes(_path), ApiTokenFileJsonContext.Default.ApiTokenFile)
                ?? throw new IOException($"{_path} is empty");
            foreach (var record in file.Tokens.Take(_limits.MaxApiTokens))
            {
                if (NameProblem(record.Name) is null && record.Hash.Length == SHA256.HashSizeInBytes * 2)
                {
                    _entries.Add(new Entry(record));
                }
            }
        }

        _loaded = true;
    }

    private void Save() =>
        Native.PrivateFile.Write(_path, JsonSerializer.SerializeToUtf8Bytes(new ApiTokenFile(1, [.. _entries.Select(e => e.Record)]), ApiTokenFileJsonContext.Default.ApiTokenFile));

    private sealed class Entry(ApiTokenRecord record)
    {
        public ApiTokenRecord Record { get; } = record;

        public CancellationTokenSource Revoked { get; } = new();
    }
}
