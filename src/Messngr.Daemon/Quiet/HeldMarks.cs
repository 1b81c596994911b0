using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Messngr.Daemon.Native;

namespace Messngr.Daemon.Quiet;

/// <summary>
/// Where each display of a user started holding messages back (issue #14, item 3): the seq of
/// the first message a display (<c>GET /v1/listen?display=NAME</c>) held while its user was quiet,
/// kept in <c>STATE_DIR/quiet/UID.held.json</c> (0600) until the display has shown the held ones,
/// so a daemon restart in between loses nothing: the display reconnects and the held messages
/// come from the store. At most <see cref="MaxDisplays"/> names per user.
/// </summary>
internal sealed partial class HeldMarks
{
    public const int MaxDisplays = 8;

    private const int MaxFileBytes = 4096;

    private readonly string _directory;
    private readonly object _gate = new();

    public HeldMarks(string stateDirectory)
    {
        _directory = Path.Combine(stateDirectory, QuietSettingsStore.DirectoryName);
    }

    /// <summary>
    /// The mark of the recipients' terminals (the terminal sink, <see cref="Sinks.TtyQuietHolding"/>):
    /// reserved, so no display subscriber can move or clear it.
    /// </summary>
    public const string TerminalMark = "tty";

    /// <summary>A display name: 1 to 32 of a-z, 0-9 and '-' (agent, web …), not the terminal's own <see cref="TerminalMark"/>.</summary>
    public static bool IsValidDisplay(string? name) => name is not null && name != TerminalMark && DisplayName().IsMatch(name);

    public string PathOf(uint uid) => Path.Combine(_directory, uid.ToString(CultureInfo.InvariantCulture) + ".held.json");

    /// <summary>The seq <paramref name="display"/> of <paramref name="uid"/> started holding at; null when it holds nothing.</summary>
    public long? HeldFrom(uint uid, string display)
    {
        lock (_gate)
        {
            return Read(uid).TryGetValue(display, out var seq) ? seq : null;
        }
    }

    /// <summary>Records that <paramref name="display"/> holds messages from <paramref name="seq"/> on (an earlier mark is kept).</summary>
    public void MarkHeld(uint uid, string display, long seq)
    {
        lock (_gate)
        {
            var marks = Read(uid);
            if (marks.TryGetValue(display, out var existing) && existing <= seq)
            {
                return;
            }

            if (!marks.ContainsKey(display) && marks.Count >= MaxDisplays)
            {
                return;
            }

            marks[display] = seq;
            Write(uid, marks);
        }
    }

    /// <summary>
    /// The users for whom <paramref name="display"/> holds messages, read from the files at start
    /// (the terminal sink picks up what it held before a restart); at most <paramref name="max"/>.
    /// </summary>
    public IReadOnlyList<(uint Uid, long From)> Holding(string display, int max)
    {
        var found = new List<(uint, long)>();
        lock (_gate)
        {
            try
            {
                foreach (var path in Directory.EnumerateFiles(_directory, "*.held.json"))
                {
                    var name = Path.GetFileName(path);
                    if (found.Count >= max)
                    {
                        break;
                    }

                    if (!uint.TryParse(name.AsSpan(0, name.Length - ".held.json".Length), NumberStyles.None, CultureInfo.InvariantCulture, out var uid))
                    {
                        continue;
                    }

                    if (Read(uid).TryGetValue(display, out var seq))
                    {
                        found.Add((uid, seq));
                    }
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // No directory yet (nothing was ever held) or unreadable: nothing to release.
            }
        }

        return found;
    }

    /// <summary><paramref name="display"/> has shown what it held.</summary>
    public void Clear(uint uid, string display)
    {
        lock (_gate)
        {
            var marks = Read(uid);
            if (marks.Remove(display))
            {
                Write(uid, marks);
            }
        }
    }

    private Dictionary<string, long> Read(uint uid)
    {
        var path = PathOf(uid);
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists || info.Length > MaxFileBytes)
            {
                return [];
            }

            var marks = JsonSerializer.Deserialize(File.ReadAllBytes(path), QuietJsonContext.Default.DictionaryStringInt64) ?? [];
            return marks.Where(m => DisplayName().IsMatch(m.Key) && m.Value > 0).Take(MaxDisplays).ToDictionary(m => m.Key, m => m.Value, StringComparer.Ordinal);
        }
        catch (Exception ex) when (ex is JsonException or IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    private void Write(uint uid, Dictionary<string, long> marks)
    {
        try
        {
            Directory.CreateDirectory(_directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            PrivateFile.Write(PathOf(uid), JsonSerializer.SerializeToUtf8Bytes(marks, QuietJsonContext.Default.DictionaryStringInt64));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The marks only survive a restart; held messages stay in the store and in history.
        }
    }

    [GeneratedRegex("^[a-z0-9-]{1,32}$", RegexOptions.CultureInvariant)]
    private static partial Regex DisplayName();
}
