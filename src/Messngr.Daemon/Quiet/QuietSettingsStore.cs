using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Messngr.Daemon.Core;
using Messngr.Daemon.Native;

namespace Messngr.Daemon.Quiet;

/// <summary>
/// Each user's <see cref="QuietSettings"/>, kept durably in <c>STATE_DIR/quiet/UID.json</c>
/// (issue #14, item 3): the directory 0700 and each file 0600, both owned by the daemon's user,
/// replaced atomically on every change (<see cref="PrivateFile"/>), read at most
/// <see cref="MaxFileBytes"/> bytes. A file that is missing, too large or unreadable counts as
/// nothing set (every message shown at once: failing open is the safe side for a messenger); the
/// next change rewrites it. The uid is a number the daemon took from SO_PEERCRED, never text a
/// client chose, so no path can be smuggled in. Thread-safe; settings are cached once read.
/// </summary>
internal sealed class QuietSettingsStore
{
    public const string DirectoryName = "quiet";

    public const int FileVersion = 1;

    /// <summary>Largest file read: one small JSON object.</summary>
    public const int MaxFileBytes = 4096;

    private const UnixFileMode DirectoryMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    private readonly string _directory;
    private readonly ConcurrentDictionary<uint, QuietSettings> _cache = new();
    private readonly object _writeGate = new();
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public QuietSettingsStore(string stateDirectory)
    {
        StateDirectory = stateDirectory;
        _directory = Path.Combine(stateDirectory, DirectoryName);
    }

    public string StateDirectory { get; }

    /// <summary>The file that holds <paramref name="uid"/>'s settings.</summary>
    public string PathOf(uint uid) => Path.Combine(_directory, uid.ToString(CultureInfo.InvariantCulture) + ".json");

    public QuietSettings Get(uint uid) => _cache.GetOrAdd(uid, Load);

    /// <summary>Completes at the next <see cref="Set"/> of anyone's settings: a display holding messages wakes and looks again.</summary>
    public Task Changed => Volatile.Read(ref _changed).Task;

    /// <summary>Writes <paramref name="settings"/> for <paramref name="uid"/> to disk, then to the cache; a failure is a <see cref="StoreException"/>.</summary>
    public void Set(uint uid, QuietSettings settings)
    {
        var file = new QuietFileJson(FileVersion, settings.DoNotDisturb, settings.DoNotDisturbUntil, settings.Hours?.ToString());
        lock (_writeGate)
        {
            try
            {
                Directory.CreateDirectory(_directory, DirectoryMode);
                PrivateFile.Write(PathOf(uid), JsonSerializer.SerializeToUtf8Bytes(file, QuietJsonContext.Default.QuietFileJson));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new StoreException($"cannot save the quiet settings in {_directory}: {ex.Message}", ex)
                {
                    Failure = ex is UnauthorizedAccessException ? StoreFailure.Permission : StoreFailure.Unusable,
                };
            }

            _cache[uid] = settings;
            Interlocked.Exchange(ref _changed, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
        }
    }

    private QuietSettings Load(uint uid)
    {
        var path = PathOf(uid);
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists || info.Length > MaxFileBytes)
            {
                return QuietSettings.None;
            }

            var file = JsonSerializer.Deserialize(File.ReadAllBytes(path), QuietJsonContext.Default.QuietFileJson);
            if (file is null || file.Version != FileVersion)
            {
                return QuietSettings.None;
            }

            QuietWindow? hours = file.QuietHours is { } text && QuietWindow.TryParse(text, out var window, out _) ? window : null;
            return new QuietSettings(file.DoNotDisturb, file.DoNotDisturb ? file.DoNotDisturbUntil : null, hours);
        }
        catch (Exception ex) when (ex is JsonException or IOException or UnauthorizedAccessException)
        {
            return QuietSettings.None;
        }
    }
}
