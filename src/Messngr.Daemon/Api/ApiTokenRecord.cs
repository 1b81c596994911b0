namespace Messngr.Daemon.Api;

/// <summary>
/// One stored API token (issue #15, item 1) as <c>STATE_DIR/api-tokens.json</c> keeps it: its
/// name (unique per owner), the owner's uid, the SHA-256 of its secret in lower-case hex (the
/// secret itself is never stored), the <c>--send-to</c> patterns (empty: anywhere its owner may
/// send) and when it was made.
/// </summary>
internal sealed record ApiTokenRecord(string Name, uint Uid, string Hash, IReadOnlyList<string> SendTo, DateTimeOffset Created);

/// <summary>The file's one object: <c>{"version":1,"tokens":[...]}</c>.</summary>
internal sealed record ApiTokenFile(int Version, IReadOnlyList<ApiTokenRecord> Tokens);
