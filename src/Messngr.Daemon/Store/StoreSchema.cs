using Messngr.Daemon.Core;
using Microsoft.Data.Sqlite;

namespace Messngr.Daemon.Store;

/// <summary>
/// The database layout and its upgrades, numbered by <c>PRAGMA user_version</c>
/// (https://sqlite.org/pragma.html#pragma_user_version). Each step runs in one transaction, so a
/// crash leaves the database at the previous version. Version 0 is the layout before issue #10:
/// a new database is created at version 0 and upgraded like an old one, so both take one path.
/// </summary>
internal static class StoreSchema
{
    public const int CurrentVersion = 1;

    /// <summary><see cref="ReceivedMessage.OwnerUid"/> null (everyone logged on) as stored.</summary>
    public const long Everyone = -1;

    /// <summary>The layout of version 0 (before the owner column); also what tests build an old database with.</summary>
    public const string Version0 = """
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
        """;

    /// <summary>
    /// 0 → 1: who may read each message (its name's owner when it arrived; -1 everyone) and the
    /// index that lets history answer a user with a bounded range scan. Messages stored before
    /// have no known owner: they become root's only (a name may have changed hands since).
    /// </summary>
    private const string Version1 = """
        ALTER TABLE messages ADD COLUMN owner_uid INTEGER NOT NULL DEFAULT 0;
        CREATE INDEX IF NOT EXISTS messages_by_owner ON messages (owner_uid, id);
        """;

    private static readonly string[] Steps = [Version1];

    /// <summary>Brings the database to <see cref="CurrentVersion"/>; refuses one written by a newer messngr.</summary>
    public static void Upgrade(SqliteConnection connection, string path)
    {
        var version = Convert.ToInt32(Scalar(connection, "PRAGMA user_version"), System.Globalization.CultureInfo.InvariantCulture);
        if (version > CurrentVersion)
        {
            throw new StoreException($"the message store {path} has schema version {version}, newer than this messngr understands ({CurrentVersion}); run the newer messngr or move the file aside");
        }

        if (version == 0)
        {
            Run(connection, Version0);
        }

        for (var v = version; v < CurrentVersion; v++)
        {
            using var transaction = connection.BeginTransaction();
            Run(connection, Steps[v], transaction);
            Run(connection, $"PRAGMA user_version = {v + 1}", transaction);
            transaction.Commit();
        }
    }

    private static object? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    private static void Run(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
