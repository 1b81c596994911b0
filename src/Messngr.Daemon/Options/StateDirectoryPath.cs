using System.Text;
using Messngr.Daemon.Control;

namespace Messngr.Daemon.Options;

/// <summary>
/// The state directory as every component uses it (issue #12, item 3): absolute, resolved once
/// against the working directory when the options are read — by <c>serve</c> and by the client
/// commands alike, so a relative <c>--state-dir</c> names the same directory for both — and short
/// enough for its control socket's path to fit a Unix socket address.
/// </summary>
internal static class StateDirectoryPath
{
    /// <summary>sizeof(sun_path) on Linux, the terminating NUL included (unix(7)).</summary>
    public const int SunPathBytes = 108;

    /// <summary>
    /// <paramref name="value"/> made absolute (Path.GetFullPath against the current directory).
    /// Throws an <see cref="ArgumentException"/> naming the path, <paramref name="source"/> and the
    /// limit when <c>control.sock</c> in it would not fit sun_path.
    /// </summary>
    public static string Resolve(string value, string source)
    {
        var full = Path.GetFullPath(value);
        var socket = ControlServer.SocketPathFor(full);
        var bytes = Encoding.UTF8.GetByteCount(socket) + 1;
        if (bytes > SunPathBytes)
        {
            throw new ArgumentException(
                $"the state directory {full} (from {source}) is too long: its control socket {socket} would need {bytes} bytes with its NUL, and a Unix socket path holds at most {SunPathBytes} (sun_path, unix(7)); choose a shorter path");
        }

        return full;
    }
}
