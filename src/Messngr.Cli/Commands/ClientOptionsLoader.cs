using Messngr.Cli.Control;
using Messngr.Daemon.Options;

namespace Messngr.Cli.Commands;

/// <summary>
/// The configuration as <c>send</c> and <c>lookup</c> read it (issue #12, items 5 and 9): only the
/// keys the command uses, by the layers and parsers of <c>messngr serve</c> (flags &gt; MESSNGR_* &gt;
/// the config file &gt; built-in defaults). Daemon-only keys (hook, rate limits, listeners, …) are
/// neither read nor checked, so a bad one stops the daemon, not every send. A bad value of a key
/// the command uses is a configuration error (<see cref="ConfigurationException"/>, exit 78), a
/// bad flag a usage error (64). A config file that exists but cannot be read (0600 root's, read by
/// a user) is a warning and the defaults when nobody named it, and a configuration error when
/// <c>--config</c> or MESSNGR_CONFIG named it.
/// </summary>
internal static class ClientOptionsLoader
{
    /// <summary>The keys every client command takes from the configuration (resolution and names on the wire).</summary>
    public static readonly string[] ResolutionKeys = ["wins-server", "interface", "name-service-port", "code-page", "netbios-scope"];

    /// <summary><see cref="ResolutionKeys"/> and send's own identity.</summary>
    public static readonly string[] SendKeys = [.. ResolutionKeys, "netbios-name", "workgroup"];

    /// <summary><c>messngr alert</c>'s own key (issue #15, item 3): where an alert goes without --to.</summary>
    public static readonly string[] AlertKeys = ["alert-names"];

    /// <summary>
    /// Loads <paramref name="keys"/>. <paramref name="command"/> names the command in the warning
    /// ("messngr send: cannot read … ; using defaults"), written to <paramref name="context"/>'s error writer.
    /// </summary>
    public static ServeOptions Load(
        string command, IReadOnlyList<string> keys, IReadOnlyDictionary<string, string> flags, CommandContext context, string defaultPath = ServeOptionsLoader.DefaultConfigPath)
    {
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(flags);
        ArgumentNullException.ThrowIfNull(context);
        var file = ReadFile(command, flags, context, defaultPath).Only("global", keys);
        var ownFlags = flags.Where(f => keys.Contains(f.Key)).ToDictionary(f => f.Key, f => f.Value, StringComparer.Ordinal);
        var ownEnvironment = context.Environment.Where(e => keys.Any(k => e.Key == EnvironmentName(k))).ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal);
        try
        {
            return ServeOptionsLoader.LoadFrom(ownFlags, ownEnvironment, file, context.IsRoot);
        }
        catch (ArgumentException ex)
        {
            // Errors start with their source: "--workgroup: …", "MESSNGR_WORKGROUP: …", "/etc/messngr/messngr.conf:3 'workgroup': …".
            throw ex.Message.StartsWith("--", StringComparison.Ordinal)
                ? new UsageException($"{command}: {ex.Message}", ex)
                : new ConfigurationException(ex.Message, ex);
        }
    }

    /// <summary>MESSNGR_KEY for a key in flag spelling.</summary>
    public static string EnvironmentName(string key) => "MESSNGR_" + key.Replace('-', '_').ToUpperInvariant();

    private static IniFile ReadFile(string command, IReadOnlyDictionary<string, string> flags, CommandContext context, string defaultPath)
    {
        var named = flags.TryGetValue("config", out var flag) ? flag : context.Environment.GetValueOrDefault("MESSNGR_CONFIG");
        var path = named ?? defaultPath;
        if (!File.Exists(path))
        {
            return named is null ? IniFile.Empty(path) : throw new ConfigurationException($"config file '{path}' does not exist");
        }

        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            var why = $"cannot read {path} ({Reason(ex)})";
            if (named is not null)
            {
                throw new ConfigurationException(why, ex);
            }

            context.Error.WriteLine($"messngr {command}: {why}; using defaults");
            return IniFile.Empty(path);
        }

        try
        {
            return IniFile.Parse(path, text);
        }
        catch (ArgumentException ex)
        {
            throw new ConfigurationException(ex.Message, ex);
        }
    }

    /// <summary>"Permission denied" (strerror, as other tools say it) rather than .NET's "Access to the path … is denied."</summary>
    private static string Reason(Exception ex) =>
        ex is UnauthorizedAccessException { InnerException: IOException inner } ? inner.Message : ex.Message;
}
