using System.Globalization;
using System.Text;
using Microsoft.Win32.SafeHandles;
using Messngr.Daemon.Core;

namespace Messngr.Daemon.Store;

/// <summary>
/// One daemon per state directory (issue #12, item 2): an exclusive flock(2) on
/// <c>STATE_DIR/serve.lock</c> (0600), taken before the database or any name is touched and held
/// on an open fd for the daemon's lifetime. A flock belongs to the open file, not to a uid, so it
/// outlives the privilege drop; the kernel releases it when the process dies, so a crash leaves
/// no stale lock. The holder's pid is written into the file for the second daemon's message.
/// </summary>
internal sealed class StateDirectoryLock : IDisposable
{
    public const string FileName = "serve.lock";

    // errno values of open(2) that mean "this user may not": EPERM, EACCES, EROFS.
    private const int Eperm = 1;
    private const int Eacces = 13;
    private const int Erofs = 30;

    private readonly SafeFileHandle _handle;

    private StateDirectoryLock(SafeFileHandle handle, string path)
    {
        _handle = handle;
        Path = path;
    }

    public string Path { get; }

    /// <summary>
    /// Creates <paramref name="directory"/> when missing (0711, <see cref="StateDirectory.Prepare"/>)
    /// and locks it. Throws <see cref="DaemonStartException"/> (in use) when another process holds
    /// the lock, <see cref="StoreException"/> when the lock file cannot be opened.
    /// </summary>
    public static StateDirectoryLock Acquire(string directory)
    {
        var path = System.IO.Path.Combine(directory, FileName);
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException("the state directory lock needs Linux (flock(2))");
        }

        // The same failures, messages and exit codes as the store's (issue #12, item 5): the lock is
        // the first thing a daemon creates in the state directory.
        if (File.Exists(directory))
        {
            throw new StoreException($"the state directory {directory} is a file, not a directory; give another --state-dir") { Failure = StoreFailure.Configuration };
        }

        SafeFileHandle handle;
        try
        {
            if (!Directory.Exists(directory))
            {
                StateDirectory.Prepare(directory);
            }

            var fd = StateDirectoryNative.OpenPrivate(path);
            if (fd < 0)
            {
                var error = StateDirectoryNative.LastError;
                var reason = $"{new System.ComponentModel.Win32Exception(error).Message} (errno {error})";
                throw error is Eacces or Eperm or Erofs ? new UnauthorizedAccessException(reason) : new IOException(reason);
            }

            handle = new SafeFileHandle(fd, ownsHandle: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new StoreException($"the state directory {directory} cannot be created or made private: its lock file {FileName}: {ex.Message.TrimEnd('.')}; check the owner and permissions of the state directory or give another --state-dir", ex)
            {
                Failure = ex is UnauthorizedAccessException ? StoreFailure.Permission : StoreFailure.Unusable,
            };
        }

        if (!StateDirectoryNative.TryLockExclusive(handle))
        {
            var error = StateDirectoryNative.LastError;
            var holder = error == StateDirectoryNative.WouldBlock ? HolderPid(handle) : null;
            handle.Dispose();
            if (error != StateDirectoryNative.WouldBlock)
            {
                throw new StoreException($"cannot lock {path}: {new System.ComponentModel.Win32Exception(error).Message} (errno {error})");
            }

            var who = holder is null ? "another messngr serve" : $"another messngr serve (pid {holder})";
            throw new DaemonStartException($"{who} is using {directory}; stop it, or give this one another --state-dir", StartFailure.InUse);
        }

        // Ours now: the pid, for the message of a daemon started after us.
        StateDirectoryNative.Truncate(handle, 0);
        RandomAccess.Write(handle, Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{Environment.ProcessId}\n")), 0);
        return new StateDirectoryLock(handle, path);
    }

    /// <summary>The pid the holder wrote, or null while it has not written it yet (or wrote garbage).</summary>
    private static int? HolderPid(SafeFileHandle handle)
    {
        Span<byte> buffer = stackalloc byte[16];
        try
        {
            var read = RandomAccess.Read(handle, buffer, 0);
            return int.TryParse(Encoding.ASCII.GetString(buffer[..read]).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && pid > 0 ? pid : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    public void Dispose() => _handle.Dispose();
}
