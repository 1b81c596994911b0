using Messngr.Daemon.Users;

namespace Messngr.Daemon.Sinks;

/// <summary>
/// One message for one terminal session; <see cref="Done"/> (if any) learns the outcome;
/// <see cref="Shown"/> (shared by the message's jobs) learns the first terminal that took it.
/// </summary>
internal sealed record TtyJob(LoggedOnUser Session, string DevicePath, byte[] Bytes, TaskCompletionSource<TtyWriteOutcome>? Done, TtyShown? Shown = null);
