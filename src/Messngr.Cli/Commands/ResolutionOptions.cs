using System.Globalization;
using Messngr.Cli.Control;
using Messngr.Daemon.Options;
using Messngr.Daemon.Resolution;
using Messngr.Wire;

namespace Messngr.Cli.Commands;

/// <summary>
/// Resolution settings shared by <c>lookup</c> and <c>send</c>: WINS server, interface, name
/// service port and code page as <c>messngr serve</c> reads them (flags, MESSNGR_*, the config
/// file), plus <c>--resolve-order</c>, <c>--lmhosts</c> and <c>--timeout</c>; the cache method asks
/// the local daemon (<see cref="LocalDaemonNames"/>).
/// </summary>
internal static class ResolutionOptions
{
    private static readonly string[] ServeKeys = ["wins-server", "interface", "name-service-port", "code-page", "netbios-scope", "config"];

    public static ResolutionSettings Build(IReadOnlyDictionary<string, string> flags, CommandContext context)
    {
        var serveFlags = flags.Where(f => ServeKeys.Contains(f.Key)).ToDictionary(f => f.Key, f => f.Value, StringComparer.Ordinal);
        return Build(flags, context, ServeOptionsLoader.Load(serveFlags, context.Environment, configPath: null, context.IsRoot));
    }

    /// <summary>The same, with the options already loaded (send loads them once for its identity too).</summary>
    public static ResolutionSettings Build(IReadOnlyDictionary<string, string> flags, CommandContext context, ServeOptions options)
    {
        ArgumentNullException.ThrowIfNull(flags);
        ArgumentNullException.ThrowIfNull(options);
        var settings = new ResolutionSettings
        {
            WinsServer = options.WinsServer,
            BindAddress = options.BindAddress,
            NameServicePort = options.NameServicePort,
            CodePage = OemCodePage.Get(options.CodePage),
            Scope = options.NetBiosScope,
            Cache = new LocalDaemonNames(context.LocateSocket(flags)).LookupAsync,
        };

        if (Setting(flags, context, "resolve-order") is { } order)
        {
            try
            {
                settings = settings with { Order = ResolutionSettings.ParseOrder(order.Value) };
            }
            catch (ArgumentException ex)
            {
                throw new ArgumentException($"{order.Source}: {ex.Message}", ex);
            }
        }

        if (Setting(flags, context, "lmhosts") is { } lmhosts)
        {
            settings = settings with { LmhostsPath = lmhosts.Value };
        }

        if (flags.TryGetValue("timeout", out var timeout))
        {
            if (!double.TryParse(timeout, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var seconds) || seconds is <= 0 or > 600)
            {
                throw new ArgumentException($"--timeout: '{timeout}' is not a number of seconds from 0.01 to 600");
            }

            settings = settings.WithTimeout(TimeSpan.FromSeconds(seconds));
        }

        settings.Validate();
        return settings;
    }

    /// <summary>A lookup-only setting: the flag, else MESSNGR_KEY.</summary>
    public static (string Value, string Source)? Setting(IReadOnlyDictionary<string, string> flags, CommandContext context, string key)
    {
        if (flags.TryGetValue(key, out var flag))
        {
            return (flag, "--" + key);
        }

        var envName = "MESSNGR_" + key.Replace('-', '_').ToUpperInvariant();
        return context.Environment.TryGetValue(envName, out var env) ? (env, envName) : null;
    }
}
