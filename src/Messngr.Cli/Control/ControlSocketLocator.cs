using Messngr.Daemon.Control;
using Messngr.Daemon.Options;

namespace Messngr.Cli.Control;

/// <summary>
/// Finds the daemon's control socket by the rule <c>messngr serve</c> uses for its state
/// directory: <c>--state-dir</c> &gt; <c>MESSNGR_STATE_DIR</c> &gt; <c>state dir</c> in the config
/// file &gt; <c>/var/lib/messngr</c> for root, <c>$XDG_STATE_HOME/messngr</c> otherwise. A user
/// who runs no daemon of their own talks to the system daemon: when nothing was given explicitly
/// and the user's own socket does not exist but <c>/var/lib/messngr/control.sock</c> does, that one is used.
/// A relative directory is resolved against the working directory as serve resolves it
/// (<see cref="StateDirectoryPath"/>); one too long for a socket path is an <see cref="ArgumentException"/>.
/// </summary>
internal static class ControlSocketLocator
{
    public const string SystemStateDirectory = "/var/lib/messngr";

    public static string Locate(IReadOnlyDictionary<string, string> flags, IReadOnlyDictionary<string, string> environment, bool isRoot, Func<string, bool> exists)
    {
        if (flags.TryGetValue("state-dir", out var flag) && flag.Length > 0)
        {
            return ControlServer.SocketPathFor(StateDirectoryPath.Resolve(flag, "--state-dir"));
        }

        if (environment.TryGetValue("MESSNGR_STATE_DIR", out var fromEnvironment) && fromEnvironment.Length > 0)
        {
            return ControlServer.SocketPathFor(StateDirectoryPath.Resolve(fromEnvironment, "MESSNGR_STATE_DIR"));
        }

        if (ConfiguredStateDirectory(environment, exists) is { } configured)
        {
            return ControlServer.SocketPathFor(StateDirectoryPath.Resolve(configured, "'state dir' in the config file"));
        }

        var own = ControlServer.SocketPathFor(StateDirectoryPath.Resolve(ServeOptionsLoader.DefaultStateDirectory(environment, isRoot), "the default state directory"));
        if (isRoot || exists(own))
        {
            return own;
        }

        var system = ControlServer.SocketPathFor(SystemStateDirectory);
        return exists(system) ? system : own;
    }

    /// <summary>Where the config file puts the state directory; an unreadable file is ignored here (serve reports it).</summary>
    private static string? ConfiguredStateDirectory(IReadOnlyDictionary<string, string> environment, Func<string, bool> exists)
    {
        var path = environment.GetValueOrDefault("MESSNGR_CONFIG") is { Length: > 0 } p ? p : ServeOptionsLoader.DefaultConfigPath;
        if (!exists(path))
        {
            return null;
        }

        try
        {
            return IniFile.Load(path).Get("global", "state-dir") is { Length: > 0 } dir ? dir : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return null;
        }
    }
}
