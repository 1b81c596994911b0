namespace Messngr.Daemon.Core;

/// <summary>
/// What a commit did with one message: stored under <see cref="Id"/>, or — <see cref="Duplicate"/> —
/// found its <see cref="MessageId"/> already stored under <see cref="Id"/> and stored nothing
/// (issue #13, item 7: receivers deduplicate by id).
/// </summary>
internal readonly record struct CommitResult(long Id, bool Duplicate);
