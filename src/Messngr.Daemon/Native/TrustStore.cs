using System.Text.Json;
using Messngr.Daemon.Core;

namespace Messngr.Daemon.Native;

/// <summary>
/// The nodes this node trusts (issue #13, item 4), kept in <c>STATE_DIR/trusted-nodes.json</c>:
/// 0600, replaced atomically on every change (<see cref="PrivateFile"/>), at most
/// <see cref="MaxEntries"/> entries and <see cref="MaxFileBytes"/> bytes. A file that cannot be
/// read or parsed is a <see cref="StoreException"/> at start (serve exits 70) — never an empty
/// list, which would quietly turn every pinned peer into an unknown one, or with trust on first
/// use into a stranger's. Thread-safe: the control API and the TLS handshakes share one instance.
/// </summary>
internal sealed class TrustStore
{
    public const string FileName = "trusted-nodes.json";

    public const int FileVersion = 1;

    /// <summary>Entries kept at most: far more than a LAN's nodes, small enough to scan per handshake.</summary>
    public const int MaxEntries = 4096;

    /// <summary>Largest file read: <see cref="MaxEntries"/> entries of about 250 bytes, with room.</summary>
    public const int MaxFileBytes = 2 * 1024 * 1024;

    private readonly object _gate = new();
    private readonly string _path;
    private readonly int _maxEntries;
    private List<TrustEntry> _entries;

    private TrustStore(string path, List<TrustEntry> entries, int maxEntries)
    {
        _path = path;
        _maxEntries = maxEntries;
        _entries = entries;
    }

    public string FilePath => _path;

    /// <summary>Entries kept at most (<see cref="MaxEntries"/> unless a test says otherwise).</summary>
    public int Capacity => _maxEntries;

    /// <summary>Reads <c>trusted-nodes.json</c> in <paramref name="stateDirectory"/>; no file is an empty list.</summary>
    public static TrustStore Open(string stateDirectory, int maxEntries = MaxEntries)
    {
        var path = Path.Combine(stateDirectory, FileName);
        if (!File.Exists(path))
        {
            return new TrustStore(path, [], maxEntries);
        }

        try
        {
            if (new FileInfo(path).Length > MaxFileBytes)
            {
                throw Corrupt(path, $"it is larger than {MaxFileBytes} bytes");
            }

            var file = JsonSerializer.Deserialize(File.ReadAllBytes(path), TrustJsonContext.Default.TrustFileJson)
                ?? throw Corrupt(path, "it holds null");
            return new TrustStore(path, FromJson(path, file, maxEntries), maxEntries);
        }
        catch (JsonException ex)
        {
            throw Corrupt(path, ex.Message);
        }
        catch (Exception ex) when (ex is IOException and not StoreException or UnauthorizedAccessException)
        {
            throw new StoreException($"cannot read the trust list {path}: {ex.Message}", ex) { Failure = ex is UnauthorizedAccessException ? StoreFailure.Permission : StoreFailure.Unusable };
        }
    }

    public IReadOnlyList<TrustEntry> All()
    {
        lock (_gate)
        {
            return [.. _entries];
        }
    }

    public TrustEntry? Find(NodeId id)
    {
        lock (_gate)
        {
            return _entries.Find(e => e.Id == id);
        }
    }

    /// <summary>The entry named <paramref name="name"/> (NetBIOS names compare without case).</summary>
    public TrustEntry? FindByName(string name)
    {
        lock (_gate)
        {
            return _entries.Find(e => e.Name is not null && string.Equals(e.Name, name.Trim(), StringComparison.OrdinalIgnoreCase));
        }
    }

    /// <summary>
    /// Adds <paramref name="entry"/> (its name upper-cased) and saves the file; on a failed save
    /// nothing changes and the <see cref="IOException"/> goes to the caller.
    /// </summary>
    public (TrustChangeOutcome Outcome, TrustEntry? Existing) Add(TrustEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        entry = entry with { Name = entry.Name?.Trim().ToUpperInvariant() };
        lock (_gate)
        {
            if (_entries.Find(e => e.Id == entry.Id) is { } same)
            {
                return (TrustChangeOutcome.AlreadyTrusted, same);
            }

            if (entry.Name is not null && _entries.Find(e => string.Equals(e.Name, entry.Name, StringComparison.Ordinal)) is { } named)
            {
                return (TrustChangeOutcome.NameTaken, named);
            }

            if (_entries.Count >= _maxEntries)
            {
                return (TrustChangeOutcome.Full, null);
            }

            Save([.. _entries, entry]);
            return (TrustChangeOutcome.Added, entry);
        }
    }

    /// <summary>Removes the node with id or name <paramref name="idOrName"/>; null when there is none.</summary>
    public TrustEntry? Remove(string idOrName)
    {
        ArgumentNullException.ThrowIfNull(idOrName);
        lock (_gate)
        {
            var entry = NodeId.TryParse(idOrName, out var id)
                ? _entries.Find(e => e.Id == id)
                : _entries.Find(e => e.Name is not null && string.Equals(e.Name, idOrName.Trim(), StringComparison.OrdinalIgnoreCase));
            if (entry is null)
            {
                return null;
            }

            Save(_entries.Where(e => !ReferenceEquals(e, entry)).ToList());
            return entry;
        }
    }

    private void Save(List<TrustEntry> entries)
    {
        var file = new TrustFileJson(FileVersion, entries.Select(e => new TrustedNodeJson(e.Id.ToString(), e.Name, e.AddedAt, e.AddedByUid, SourceName(e.Source))).ToList());
        PrivateFile.Write(_path, JsonSerializer.SerializeToUtf8Bytes(file, TrustJsonContext.Default.TrustFileJson));
        _entries = entries;
    }

    public static string SourceName(TrustSource source) => source switch
    {
        TrustSource.Manual => "manual",
        TrustSource.Tofu => "tofu",
        _ => "ca",
    };

    private static List<TrustEntry> FromJson(string path, TrustFileJson file, int maxEntries)
    {
        if (file.Version != FileVersion)
        {
            throw Corrupt(path, $"its version is {file.Version}; this messngr reads version {FileVersion}");
        }

        if (file.Nodes.Count > maxEntries)
        {
            throw Corrupt(path, $"it holds {file.Nodes.Count} nodes, more than {maxEntries}");
        }

        var entries = new List<TrustEntry>(file.Nodes.Count);
        foreach (var node in file.Nodes)
        {
            NodeId id;
            try
            {
                id = NodeId.Parse(node.NodeId);
            }
            catch (NodeIdFormatException ex)
            {
                throw Corrupt(path, $"entry {entries.Count + 1}: {ex.Message}");
            }

            if (node.Name is { } name && Names.NetBiosNameRule.Validate(name, "name") is { } broken)
            {
                throw Corrupt(path, $"entry {entries.Count + 1}: {broken}");
            }

            var source = node.Source switch
            {
                "manual" => TrustSource.Manual,
                "tofu" => TrustSource.Tofu,
                "ca" => TrustSource.Ca,
                _ => throw Corrupt(path, $"entry {entries.Count + 1}: source '{node.Source}' is not manual, tofu or ca"),
            };
            if (entries.Exists(e => e.Id == id) || (node.Name is not null && entries.Exists(e => string.Equals(e.Name, node.Name, StringComparison.OrdinalIgnoreCase))))
            {
                throw Corrupt(path, $"entry {entries.Count + 1} repeats a node id or a name");
            }

            entries.Add(new TrustEntry(id, node.Name?.ToUpperInvariant(), node.AddedAt, node.AddedByUid, source));
        }

        return entries;
    }

    private static StoreException Corrupt(string path, string why) =>
        new($"the trust list {path} is not valid ({why}); fix it or restore it from a backup (an empty list would distrust every pinned node)");
}
