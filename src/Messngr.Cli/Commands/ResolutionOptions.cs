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
    /// <summary>For <c>lookup</c>: only the resolution keys of the configuration (<see cref="ClientOptionsLoader"/>).</summary>
    public static ResolutionSettings Build(IReadOnlyDictionary<string, string> flags, CommandContext context) =>
        Build(flags, context, ClientOptionsLoader.Load("lookup", ClientOptionsLoader.ResolutionKeys, flags, context));

    /// <summary>
    /// The same, with the options already loaded (send loads them once for its identity too) and,
    /// when given, the daemon status the caller asks anyway (one request for both).
    /// </summary>
    public static ResolutionSettings Build(IReadOnlyDictionary<string, string> flags, CommandContext context, ServeOptions options, LocalDaemonStatus? daemon = null)
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
            Cache = new LocalDaemonNames(daemon ?? new LocalDaemonStatus(context.LocateSocket(flags))).LookupAsync,
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
