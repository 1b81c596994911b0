using Messngr.Daemon.Core;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Messngr.Daemon.Store;

/// <summary>
/// The SQLite store under the state directory (<c>messngr.db</c>): WAL journal, synchronous=FULL
/// so that a committed message survives a power cut before the sender is told it was accepted.
/// One connection for the writer, short-lived ones for readers (WAL lets them run concurrently).
/// Every file is private from its first byte (<see cref="StateDirectory"/>). A database that is
/// not one, is corrupt or comes from a newer messngr is refused at open with a
/// <see cref="StoreException"/>; a failure later (disk full, corruption found at run time) is
/// thrown to the caller and kept in <see cref="Health"/> until a commit succeeds again.
/// Received messages are written by <see cref="MessageCommitter"/> (deduplicated by message id,
/// correlation keys); the sender's outbox and receipts are in SqliteMessageStore.Outbox.cs.
/// </summary>
internal sealed partial class SqliteMessageStore : IMessageStore
{
    private const string Columns = MessageRows.Columns;

    // SQLite primary result codes (https://sqlite.org/rescode.html).
    private const int SqliteReadOnly = 8;
    private const int SqliteIoErr = 10;
    private const int SqliteCorrupt = 11;
    private const int SqliteFull = 13;
    private const int SqliteNotADb = 26;

    /// <summary>Root's history: the newest rows by primary key; superseded ones only when <c>$all</c>.</summary>
    internal const string AllHistoryQuery = $"SELECT {Columns} FROM messages WHERE ($all OR superseded_by IS NULL) ORDER BY id DESC LIMIT $limit";

    /// <summary>
    /// A user's history: two bounded range scans of messages_by_owner (their own, then everyone's),
    /// each newest first and limited, merged — never a scan of the whole table. Superseded messages
    /// (a later one with the same correlation key replaced them) are left out unless <c>$all</c>.
    /// </summary>
    internal const string UserHistoryQuery = $"""
        SELECT * FROM (SELECT {Columns} FROM messages WHERE owner_uid = $uid AND ($all OR superseded_by IS NULL) ORDER BY id DESC LIMIT $limit)
        UNION ALL
        SELECT * FROM (SELECT {Columns} FROM messages WHERE owner_uid = $everyone AND ($all OR superseded_by IS NULL) ORDER BY id DESC LIMIT $limit)
        ORDER BY id DESC LIMIT $limit
        """;

    private readonly string _connectionString;
    private readonly SqliteConnection _writer;
    private readonly Lock _writeLock = new();

    /// <summary>Writes received messages with its INSERT compiled once (made on the first commit; under the writer lock).</summary>
    private MessageCommitter? _committer;
    private readonly DaemonLimits _limits;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private volatile StoreHealth _health = StoreHealth.Healthy;

    public SqliteMessageStore(string stateDirectory, DaemonLimits? limits = null, TimeProvider? time = null, ILogger? logger = null, StoreSync sync = StoreSync.Full)
    {
        Sync = sync;
        _limits = limits ?? DaemonLimits.Default;
        _time = time ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
        Path = System.IO.Path.Combine(stateDirectory, "messngr.db");
        try
        {
            DirectoryTightened = StateDirectory.Prepare(stateDirectory);
            StateDirectory.PrivateFile(Path);
            foreach (var suffix in (string[])["-wal", "-shm", "-journal"])
            {
                StateDirectory.TightenIfExists(Path + suffix);
            }
        }
        catch (IOException) when (File.Exists(stateDirectory))
        {
            throw new StoreException($"the state directory {stateDirectory} is a file, not a directory; give another --state-dir") { Failure = StoreFailure.Configuration };
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new StoreException($"the state directory {stateDirectory} cannot be created or made private: {ex.Message.TrimEnd('.')}; check its owner and permissions or give another --state-dir", ex)
            {
                Failure = ex is UnauthorizedAccessException ? StoreFailure.Permission : StoreFailure.Unusable,
            };
        }

        _connectionString = new SqliteConnectionStringBuilder { DataSource = Path, Pooling = false }.ToString();
        _writer = new SqliteConnection(_connectionString);
        try
        {
            _writer.Open();
            Execute(_writer, $"""
                PRAGMA journal_mode = WAL;
                PRAGMA synchronous = {(sync == StoreSync.Normal ? "NORMAL" : "FULL")};
                PRAGMA busy_timeout = 5000;
                """);
            using (var check = _writer.CreateCommand())
            {
                // Reads every page once (https://sqlite.org/pragma.html#pragma_quick_check): a
                // damaged store is refused at start, not found by the first sender.
                check.CommandText = "PRAGMA quick_check(1)";
                if (check.ExecuteScalar() is string result && result != "ok")
                {
                    throw new StoreException($"the message store {Path} is corrupt ({result}); move it aside (the daemon then starts with an empty store) or restore it from a backup");
                }
            }

            StoreSchema.Upgrade(_writer, Path);
        }
        catch (SqliteException ex)
        {
            _writer.Dispose();
            throw new StoreException($"the message store {Path} cannot be opened: {Describe(ex)}; move it aside (the daemon then starts with an empty store) or restore it from a backup", ex);
        }
        catch (StoreException)
        {
            _writer.Dispose();
            throw;
        }
    }

    public string Path { get; }

    /// <summary>When a commit counts as done (<c>store sync</c>): fsynced (<see cref="StoreSync.Full"/>) or written to the OS.</summary>
    public StoreSync Sync { get; }

    /// <summary>Whether opening took group or other read/write permission away from an existing state directory.</summary>
    public bool DirectoryTightened { get; }

    public StoreHealth Health => _health;

    public IReadOnlyList<CommitResult> Commit(IReadOnlyList<ReceivedMessage> batch)
    {
        var results = new CommitResult[batch.Count];
        lock (_writeLock)
        {
            try
            {
                using var transaction = _writer.BeginTransaction();
                var writer = _committer ??= new MessageCommitter(_writer);
                writer.Begin(transaction);
                for (var i = 0; i < batch.Count; i++)
                {
                    results[i] = writer.Insert(batch[i]);
                }

                transaction.Commit();
            }
            catch (SqliteException ex)
            {
                Failed(ex);
                throw;
            }

            Succeeded();
        }

        return results;
    }

    public IReadOnlyList<StoredMessage> History(int limit, uint? readerUid = null, bool includeSuperseded = false)
    {
        limit = Math.Clamp(limit, 0, _limits.MaxHistory);
        var result = new List<StoredMessage>(Math.Min(limit, 256));
        try
        {
            using var connection = OpenReader();
            using var query = connection.CreateCommand();
            query.CommandText = readerUid is null ? AllHistoryQuery : UserHistoryQuery;
            query.Parameters.AddWithValue("$limit", limit);
            query.Parameters.AddWithValue("$uid", (long)(readerUid ?? 0));
            query.Parameters.AddWithValue("$everyone", StoreSchema.Everyone);
            query.Parameters.AddWithValue("$all", includeSuperseded ? 1 : 0);
            using var reader = query.ExecuteReader();
            while (reader.Read())
            {
                result.Add(MessageRows.Read(reader));
            }
        }
        catch (SqliteException ex)
        {
            Failed(ex);
            throw new StoreException($"the message store cannot be read: {Describe(ex)}", ex);
        }

        return result;
    }

    public int Prune(DateTimeOffset now, int maxMessages, TimeSpan maxAge)
    {
        var batch = _limits.RetentionBatch;
        lock (_writeLock)
        {
            var deleted = 0;
            if (maxMessages > 0)
            {
                // Ids only grow (AUTOINCREMENT): the newest maxMessages are those above max(id) - maxMessages.
                deleted += Delete(
                    "DELETE FROM messages WHERE id IN (SELECT id FROM messages WHERE id <= (SELECT max(id) FROM messages) - $max ORDER BY id LIMIT $batch)",
                    ("$max", maxMessages),
                    ("$batch", batch));
            }

            if (maxAge > TimeSpan.Zero && deleted < batch)
            {
                // Only the oldest rows are looked at, so the step is bounded even when none is old.
                deleted += Delete(
                    "DELETE FROM messages WHERE id IN (SELECT id FROM messages ORDER BY id LIMIT $batch) AND received_at < $cutoff",
                    ("$batch", batch - deleted),
                    ("$cutoff", Timestamp(now - maxAge)));
            }

            return deleted;
        }
    }

    public IReadOnlyList<AliasRecord> LoadAliases()
    {
        var result = new List<AliasRecord>();
        using var connection = OpenReader();
        using var query = connection.CreateCommand();
        query.CommandText = "SELECT name, owner_uid, added_at FROM aliases ORDER BY added_at";
        using var reader = query.ExecuteReader();
        while (reader.Read())
        {
            result.Add(new AliasRecord(
                reader.GetString(0),
                reader.IsDBNull(1) ? null : (uint)reader.GetInt64(1),
                MessageRows.ParseTime(reader.GetString(2))));
        }

        return result;
    }

    public void SaveAlias(AliasRecord alias)
    {
        lock (_writeLock)
        {
            using var command = _writer.CreateCommand();
            command.CommandText = "INSERT OR REPLACE INTO aliases (name, owner_uid, added_at) VALUES ($name, $owner, $at)";
            command.Parameters.AddWithValue("$name", alias.Name);
            command.Parameters.AddWithValue("$owner", alias.OwnerUid is { } uid ? (long)uid : DBNull.Value);
            command.Parameters.AddWithValue("$at", Timestamp(alias.AddedAt));
            command.ExecuteNonQuery();
        }
    }

    public void DeleteAlias(string name)
    {
        lock (_writeLock)
        {
            using var command = _writer.CreateCommand();
            command.CommandText = "DELETE FROM aliases WHERE name = $name";
            command.Parameters.AddWithValue("$name", name);
            command.ExecuteNonQuery();
        }
    }

    public static string TransportName(MessageTransport transport) => transport switch
    {
        MessageTransport.Smb => "smb",
        MessageTransport.Mailslot => "mailslot",
        MessageTransport.Rpc => "rpc",
        MessageTransport.Local => "local",
        _ => "native",
    };

    /// <summary>What went wrong, in words an admin acts on, with SQLite's own text.</summary>
    public static string Describe(SqliteException ex)
    {
        ArgumentNullException.ThrowIfNull(ex);
        var what = (ex.SqliteErrorCode & 0xFF) switch
        {
            SqliteFull => "the disk is full",
            SqliteCorrupt or SqliteNotADb => "the database is corrupt or not a messngr store",
            SqliteIoErr => "an I/O error",
            SqliteReadOnly => "the database is read-only",
            _ => "a database error",
        };
        return $"{what} ({ex.Message.TrimEnd('.')})";
    }

    private static string Timestamp(DateTimeOffset at) => MessageRows.Timestamp(at);

    private void Failed(SqliteException ex)
    {
        var current = _health;
        var reason = Describe(ex);
        if (current.Ok || current.Detail != reason)
        {
            StoreLog.Failing(_logger, reason);
        }

        _health = new StoreHealth(false, reason, current.Since ?? _time.GetUtcNow());
    }

    private void Succeeded()
    {
        if (!_health.Ok)
        {
            StoreLog.Recovered(_logger, _health.Since ?? _time.GetUtcNow());
            _health = StoreHealth.Healthy; // space came back, or the damage was elsewhere
        }
    }

    private int Delete(string sql, params (string Name, object Value)[] parameters)
    {
        using var command = _writer.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return command.ExecuteNonQuery();
    }

    private SqliteConnection OpenReader()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        return connection;
    }

    /// <summary>The writer connection's <c>PRAGMA synchronous</c> (1 = NORMAL, 2 = FULL): what <see cref="Sync"/> set, read back.</summary>
    internal long ReadSynchronousPragma()
    {
        lock (_writeLock)
        {
            using var command = _writer.CreateCommand();
            command.CommandText = "PRAGMA synchronous";
            return (long)command.ExecuteScalar()!;
        }
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public void Dispose()
    {
        lock (_writeLock)
        {
            foreach (var statement in _writerStatements.Values)
            {
                statement.Dispose();
            }

            _writerStatements.Clear();
            _committer?.Dispose();
        }

        _writer.Dispose();
    }
}
