using System.Globalization;
using System.Net;
using Messngr.Daemon.Messages;
using Microsoft.Data.Sqlite;
using Messngr.Daemon.Core;

namespace Messngr.Daemon.Store;

/// <summary>
/// The SQLite store under the state directory (<c>messngr.db</c>): WAL journal, synchronous=FULL
/// so that a committed message survives a power cut before the sender is told it was accepted.
/// One connection for the writer, short-lived ones for readers (WAL lets them run concurrently).
/// </summary>
internal sealed class SqliteMessageStore : IMessageStore
{
    /// <summary>History answers never return more than this many rows.</summary>
    public const int MaxHistory = 10_000;

    private readonly string _connectionString;
    private readonly SqliteConnection _writer;
    private readonly Lock _writeLock = new();

    public SqliteMessageStore(string stateDirectory)
    {
        Directory.CreateDirectory(stateDirectory);
        Path = System.IO.Path.Combine(stateDirectory, "messngr.db");
        _connectionString = new SqliteConnectionStringBuilder { DataSource = Path, Pooling = false }.ToString();
        _writer = new SqliteConnection(_connectionString);
        _writer.Open();
        Execute(_writer, """
            PRAGMA journal_mode = WAL;
            PRAGMA synchronous = FULL;
            PRAGMA busy_timeout = 5000;
            CREATE TABLE IF NOT EXISTS messages (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                sender TEXT NOT NULL,
                recipient TEXT NOT NULL,
                text TEXT NOT NULL,
                transport TEXT NOT NULL,
                authenticated INTEGER NOT NULL,
                source_address TEXT NOT NULL,
                source_port INTEGER NOT NULL,
                received_at TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS aliases (
                name TEXT PRIMARY KEY,
                owner_uid INTEGER,
                added_at TEXT NOT NULL);
            """);
        if (OperatingSystem.IsLinux())
        {
            // Message bodies are private: the database is readable by its owner only.
            File.SetUnixFileMode(Path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }

    public string Path { get; }

    public IReadOnlyList<long> Commit(IReadOnlyList<ReceivedMessage> batch)
    {
        var ids = new long[batch.Count];
        lock (_writeLock)
        {
            using var transaction = _writer.BeginTransaction();
            using var insert = _writer.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = """
                INSERT INTO messages (sender, recipient, text, transport, authenticated, source_address, source_port, received_at)
                VALUES ($from, $to, $text, $transport, $authenticated, $address, $port, $at) RETURNING id
                """;
            var from = insert.Parameters.Add("$from", SqliteType.Text);
            var to = insert.Parameters.Add("$to", SqliteType.Text);
            var text = insert.Parameters.Add("$text", SqliteType.Text);
            var transport = insert.Parameters.Add("$transport", SqliteType.Text);
            var authenticated = insert.Parameters.Add("$authenticated", SqliteType.Integer);
            var address = insert.Parameters.Add("$address", SqliteType.Text);
            var port = insert.Parameters.Add("$port", SqliteType.Integer);
            var at = insert.Parameters.Add("$at", SqliteType.Text);
            for (var i = 0; i < batch.Count; i++)
            {
                var m = batch[i];
                from.Value = m.From;
                to.Value = m.To;
                text.Value = m.Text;
                transport.Value = TransportName(m.Transport);
                authenticated.Value = m.Authenticated ? 1 : 0;
                address.Value = m.Source.Address.ToString();
                port.Value = m.Source.Port;
                at.Value = m.ReceivedAt.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);
                ids[i] = (long)insert.ExecuteScalar()!;
            }

            transaction.Commit();
        }

        return ids;
    }

    public IReadOnlyList<StoredMessage> History(int limit, Func<ReceivedMessage, bool>? visible = null)
    {
        limit = Math.Clamp(limit, 0, MaxHistory);
        var result = new List<StoredMessage>(Math.Min(limit, 256));
        using var connection = OpenReader();
        using var query = connection.CreateCommand();
        query.CommandText = "SELECT id, sender, recipient, text, transport, authenticated, source_address, source_port, received_at FROM messages ORDER BY id DESC";
        using var reader = query.ExecuteReader();
        while (result.Count < limit && reader.Read())
        {
            var message = new ReceivedMessage(
                reader.GetString(1),
                reader.GetString(2),
                reader.GetString(3),
                ParseTransport(reader.GetString(4)),
                new IPEndPoint(IPAddress.TryParse(reader.GetString(6), out var a) ? a : IPAddress.None, reader.GetInt32(7)),
                DateTimeOffset.Parse(reader.GetString(8), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal),
                reader.GetInt64(5) != 0) { Id = reader.GetInt64(0) };
            if (visible is null || visible(message))
            {
                result.Add(new StoredMessage(reader.GetInt64(0), message));
            }
        }

        return result;
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
                DateTimeOffset.Parse(reader.GetString(2), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal)));
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
            command.Parameters.AddWithValue("$at", alias.AddedAt.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture));
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

    private static MessageTransport ParseTransport(string name) => name switch
    {
        "smb" => MessageTransport.Smb,
        "mailslot" => MessageTransport.Mailslot,
        "rpc" => MessageTransport.Rpc,
        "local" => MessageTransport.Local,
        _ => MessageTransport.Native,
    };

    private SqliteConnection OpenReader()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        return connection;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public void Dispose() => _writer.Dispose();
}
