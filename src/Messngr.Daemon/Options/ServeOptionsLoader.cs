using System.Globalization;
using System.Net;

namespace Messngr.Daemon.Options;

/// <summary>
/// Layers the configuration: defaults &lt; config file &lt; MESSNGR_* environment &lt; flags.
/// Every key has one spelling in each layer: <c>netbios name</c> in the file,
/// <c>MESSNGR_NETBIOS_NAME</c> in the environment, <c>--netbios-name</c> on the command line.
/// Errors are <see cref="ArgumentException"/>s that name the key, the value and where it came from.
/// </summary>
internal static partial class ServeOptionsLoader
{
    public const string DefaultConfigPath = "/etc/messngr/messngr.conf";

    /// <summary>The keys serve understands, in flag spelling (<see cref="ServeOptionTable"/>).</summary>
    public static IReadOnlyList<string> Keys => ServeOptionTable.Keys;

    /// <summary>Loads options. <paramref name="flags"/> maps flag names (without dashes) to values.</summary>
    public static ServeOptions Load(IReadOnlyDictionary<string, string> flags, IReadOnlyDictionary<string, string> environment, string? configPath, bool isRoot)
    {
        var path = configPath ?? (flags.TryGetValue("config", out var c) ? c : null) ?? environment.GetValueOrDefault("MESSNGR_CONFIG") ?? DefaultConfigPath;
        var explicitConfig = configPath is not null || flags.ContainsKey("config") || environment.ContainsKey("MESSNGR_CONFIG");
        IniFile file;
        if (Directory.Exists(path))
        {
            throw new ArgumentException($"config file '{path}' is a directory, not a file");
        }

        if (File.Exists(path))
        {
            file = ReadConfig(path);
        }
        else if (explicitConfig)
        {
            throw new ArgumentException($"config file '{path}' does not exist");
        }
        else
        {
            file = IniFile.Empty(path);
        }

        foreach (var key in file.Keys("global"))
        {
            if (!Keys.Any(k => IniFile.FoldKey(k) == key))
            {
                throw new ArgumentException($"{path}: unknown key '{key.ToLowerInvariant()}' in [global] (known: {string.Join(", ", Keys.Select(k => k.Replace('-', ' ')))})");
            }
        }

        return LoadFrom(flags, environment, file, isRoot);
    }

    /// <summary>The same with the file already read (the client hands over only the keys it uses: issue #12, item 9).</summary>
    public static ServeOptions LoadFrom(IReadOnlyDictionary<string, string> flags, IReadOnlyDictionary<string, string> environment, IniFile file, bool isRoot)
    {
        (string Value, string Source)? Lookup(string key)
        {
            if (ServeOptionTable.Find(key) is null)
            {
                throw new InvalidOperationException($"'{key}' is not in the option table"); // a programming error, caught by the tests
            }

            if (flags.TryGetValue(key, out var flag))
            {
                return (flag, $"--{key}");
            }

            var envName = "MESSNGR_" + key.Replace('-', '_').ToUpperInvariant();
            if (environment.TryGetValue(envName, out var env))
            {
                return (env, envName);
            }

            var fromFile = file.Get("global", key);
            return fromFile is null ? null : (fromFile, $"{file.Where("global", key)} '{key.Replace('-', ' ')}'");
        }

        var options = new ServeOptions
        {
            NetBiosName = ParseName(Lookup("netbios-name") ?? (DefaultNetBiosName(), "host name")),
            StateDirectory = Lookup("state-dir") is { Value.Length: > 0 } stateDir
                ? StateDirectoryPath.Resolve(stateDir.Value, stateDir.Source)
                : StateDirectoryPath.Resolve(DefaultStateDirectory(environment, isRoot), "the default state directory"),
        };

        if (Lookup("workgroup") is { } wg)
        {
            options = options with { Workgroup = ParseName(wg) };
        }

        if (Lookup("alias") is { } aliases)
        {
            options = options with { Aliases = aliases.Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(a => ParseName((a, aliases.Source))).ToList() };
        }

        if (Lookup("interface") is { } iface)
        {
            options = options with { BindAddress = ParseInterface(iface) };
        }

        if (Lookup("wins-server") is { } wins)
        {
            options = options with { WinsServer = ParseEndPoint(wins, 137) };
        }

        if (Lookup("code-page") is { } cp)
        {
            try
            {
                options = options with { CodePage = Messngr.Wire.OemCodePage.Get(cp.Value).CodePage };
            }
            catch (ArgumentException ex)
            {
                throw new ArgumentException($"{cp.Source}: {ex.Message}", ex);
            }
        }

        if (Lookup("allow") is { } allow)
        {
            options = options with { Allow = ParseRanges(allow) };
        }

        if (Lookup("deny") is { } deny)
        {
            options = options with { Deny = ParseRanges(deny) };
        }

        options = options with
        {
            TtyEnabled = ParseBool(Lookup("tty"), true),
            Tty = new Sinks.TtySinkOptions
            {
                Bell = ParseBool(Lookup("tty-bell"), false),
                WriteTimeout = TimeSpan.FromSeconds(ParseSeconds(Lookup("tty-write-timeout"), 2)),
                Utf8 = ParseCharset(Lookup("tty-charset")),
                CriticalRepeat = ParseCriticalRepeat(Lookup("critical-repeat")),
            },
        };

        // Read whether or not a hook is set, so a bad value is an error even before the hook is (config check).
        var hookTimeout = TimeSpan.FromSeconds(ParseSeconds(Lookup("hook-timeout"), 30));
        var hookConcurrency = ParseCount(Lookup("hook-concurrency"), 4, 1, 64, "hooks running at once");
        var hookQueue = ParseCount(Lookup("hook-queue"), 64, 1, 10_000, "messages waiting for a hook");
        var hookUser = ParseUser(Lookup("hook-user"));
        if (Lookup("hook") is { } hook && hook.Value.Length > 0)
        {
            try
            {
                options = options with
                {
                    Hook = new Sinks.ExecHookOptions
                    {
                        Command = Sinks.HookCommandLine.Split(hook.Value, hook.Source),
                        Timeout = hookTimeout,
                        MaxConcurrent = hookConcurrency,
                        QueueCapacity = hookQueue,
                        // A root daemon runs hooks as nobody unless told otherwise (they see message text only).
                        RunAsUser = hookUser ?? (isRoot ? "nobody" : null),
                    },
                };
                options.Hook.Validate();
                if (Sinks.HookProgram.Problem(options.Hook.Command[0]) is { } problem)
                {
                    throw new ArgumentException($"{hook.Source}: {options.Hook.Command[0]} {problem}");
                }
            }
            catch (ArgumentException ex) when (!ex.Message.Contains(hook.Source, StringComparison.Ordinal))
            {
                throw new ArgumentException($"{hook.Source}: {ex.Message}", ex);
            }
        }

        options = options with
        {
            RateLimitPerSource = ParseRate(Lookup("rate-limit"), options.RateLimitPerSource),
            GlobalRateLimit = ParseRate(Lookup("global-rate-limit"), options.GlobalRateLimit),
            NameServiceEnabled = ParseBool(Lookup("name-service"), true),
            DatagramServiceEnabled = ParseBool(Lookup("datagram-service"), true),
            SessionServiceEnabled = ParseBool(Lookup("session-service"), true),
            RpcEnabled = ParseBool(Lookup("rpc"), true),
            NameServicePort = ParsePort(Lookup("name-service-port"), 137),
            DatagramServicePort = ParsePort(Lookup("datagram-service-port"), 138),
            SessionServicePort = ParsePort(Lookup("session-service-port"), 139),
            RpcPort = ParsePort(Lookup("rpc-port"), 135),
            NativePort = ParsePort(Lookup("native-port"), 2426, allowZero: true),
            User = ParseUser(Lookup("user")),
            NetBiosScope = ParseScope(Lookup("netbios-scope")),
            Limits = options.Limits with { MaxSessionConnectionsPerSource = ParseConnections(Lookup("max-connections-per-host"), options.Limits) },
            MaxAliasesPerUser = ParseCount(Lookup("max-aliases"), options.MaxAliasesPerUser, 0, LocalNamesLimit, "aliases per user"),
            MaxMessages = ParseCount(Lookup("max-messages"), options.MaxMessages, 0, 100_000_000, "messages (0 = no limit)"),
            MaxAge = TimeSpan.FromDays(ParseCount(Lookup("max-age"), (int)options.MaxAge.TotalDays, 0, 36_500, "days (0 = no limit)")),
            NodeStatusUsers = ParseBool(Lookup("node-status-users"), false),
            NameReleaseOnDemand = ParseBool(Lookup("name-release-on-demand"), false),
            LogLevel = ParseLogLevel(Lookup("log-level")),
            TrustCaFile = ParseTrustCa(Lookup("trust-ca")),
            TrustOnFirstUse = ParseBool(Lookup("trust-on-first-use"), false),
            DiscoveryEnabled = ParseBool(Lookup("discovery"), true),
            NativePeers = ParseNativePeers(Lookup("native-peers"), options.Limits),
            OutboxExpiry = ParseDuration(Lookup("outbox-expiry"), options.OutboxExpiry),
            StoreSync = ParseStoreSync(Lookup("store-sync")),
            WebListen = ParseWebListen(Lookup("web-listen")),
            AlertNames = ParseAlertNames(Lookup("alert-names"), options.Limits),
            ApiListen = ParseApiListen(Lookup("api-listen"), Lookup("api-tls-certificate"), Lookup("api-tls-key")),
            LogFormat = ParseLogFormat(Lookup("log-format")),
            MetricsListen = ParseMetricsListen(Lookup("metrics-listen")),
            AlertmanagerRoutes = ParseAlertmanagerRoutes(Lookup("alertmanager-route"), options.Limits),
        };
        return options;
    }

    /// <summary>
    /// The config file; a file this user may not read is a permission error
    /// (<see cref="UnauthorizedAccessException"/>, exit 77), any other failure to read it a
    /// configuration error, each one sentence naming the file (issue #12, item 5).
    /// </summary>
    private static IniFile ReadConfig(string path)
    {
        try
        {
            return IniFile.Load(path);
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new UnauthorizedAccessException($"cannot read config file '{path}': permission denied (running as {Environment.UserName})", ex);
        }
        catch (IOException ex)
        {
            throw new ArgumentException($"cannot read config file '{path}': {ex.Message}", ex);
        }
    }

    /// <summary>A NetBIOS scope: dot-separated labels of at most 63 bytes, 220 in all (protocols.md §1.6); upper-cased as Samba does.</summary>
    public static string ParseScope((string Value, string Source)? setting)
    {
        if (setting is not { } s || s.Value.Trim().Length == 0)
        {
            return string.Empty;
        }

        var scope = s.Value.Trim().ToUpperInvariant();
        try
        {
            Messngr.Wire.NetBios.NetBiosName.Create("X", 0, scope: scope);
        }
        catch (ArgumentException ex)
        {
            throw new ArgumentException($"{s.Source}: {ex.Message}", ex);
        }

        return scope;
    }

    /// <summary><c>trust ca</c>: a readable PEM CA certificate (checked at start, so a typo is exit 78, not a node that trusts nobody).</summary>
    private static string? ParseTrustCa((string Value, string Source)? setting)
    {
        if (setting is not { } s || s.Value.Trim().Length == 0)
        {
            return null;
        }

        var path = Path.GetFullPath(s.Value.Trim());
        try
        {
            using var certificate = Native.WorkgroupCa.LoadCertificate(path, "workgroup CA certificate");
            return Native.NodeCertificates.IsAuthority(certificate)
                ? path
                : throw new ArgumentException($"{path} is not a CA certificate (basic constraints CA:TRUE); give the ca-cert.pem of 'messngr ca init'");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
        {
            throw new ArgumentException($"{s.Source}: {ex.Message}", ex);
        }
    }

    /// <summary><c>log level</c>: the syslog-like words an operator writes (sd-daemon(3) priorities 3, 4, 6, 7).</summary>
    private static Microsoft.Extensions.Logging.LogLevel ParseLogLevel((string Value, string Source)? setting) => setting?.Value.Trim().ToUpperInvariant() switch
    {
        null or "INFO" => Microsoft.Extensions.Logging.LogLevel.Information,
        "ERROR" => Microsoft.Extensions.Logging.LogLevel.Error,
        "WARNING" => Microsoft.Extensions.Logging.LogLevel.Warning,
        "DEBUG" => Microsoft.Extensions.Logging.LogLevel.Debug,
        _ => throw new ArgumentException($"{setting!.Value.Source}: '{setting.Value.Value}' is not a log level (error, warning, info or debug)"),
    };

    private static ServeLogFormat ParseLogFormat((string Value, string Source)? setting) => setting?.Value.Trim().ToUpperInvariant() switch
    {
        null or "AUTO" => ServeLogFormat.Auto,
        "JOURNAL" => ServeLogFormat.Journal,
        "PLAIN" => ServeLogFormat.Plain,
        _ => throw new ArgumentException($"{setting!.Value.Source}: '{setting.Value.Value}' is not a log format (auto, journal or plain)"),
    };

    private static Store.StoreSync ParseStoreSync((string Value, string Source)? setting) => setting?.Value.Trim().ToUpperInvariant() switch
    {
        null or "FULL" => Store.StoreSync.Full,
        "NORMAL" => Store.StoreSync.Normal,
        _ => throw new ArgumentException($"{setting!.Value.Source}: '{setting.Value.Value}' is not a store sync mode (full or normal)"),
    };

    private static string? ParseUser((string Value, string Source)? setting)
    {
        if (setting is not { } s)
        {
            return null;
        }

        var value = s.Value.Trim();
        return value.Length > 0 && value.Length <= 32 && value.All(ch => char.IsAsciiLetterOrDigit(ch) || ch is '_' or '-' or '.' or '$')
            ? value
            : throw new ArgumentException($"{s.Source}: '{s.Value}' is not a user name");
    }

    public static string DefaultNetBiosName()
    {
        var host = Environment.MachineName.Split('.')[0].ToUpperInvariant();
        return host.Length > 15 ? host[..15] : host;
    }

    public static string DefaultStateDirectory(IReadOnlyDictionary<string, string> environment, bool isRoot)
    {
        if (isRoot)
        {
            return "/var/lib/messngr";
        }

        var xdg = environment.GetValueOrDefault("XDG_STATE_HOME");
        var home = environment.GetValueOrDefault("HOME") ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return Path.Combine(string.IsNullOrEmpty(xdg) ? Path.Combine(home, ".local", "state") : xdg, "messngr");
    }

    private static string ParseName((string Value, string Source) setting)
    {
        var value = setting.Value.Trim();
        if (Names.NetBiosNameRule.Validate(value, setting.Source + ":") is { } broken)
        {
            throw new ArgumentException(broken); // the one rule and text of send and 'messngr name' (issue #12, item 10)
        }

        try
        {
            Messngr.Wire.NetBios.NetBiosName.Create(value, 0);
        }
        catch (ArgumentException ex)
        {
            throw new ArgumentException($"{setting.Source}: {ex.Message}", ex);
        }

        return value.ToUpperInvariant();
    }

    private static IPAddress ParseInterface((string Value, string Source) setting)
    {
        if (IPAddress.TryParse(setting.Value, out var address) && address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork)
        {
            return address;
        }

        var nic = System.Net.NetworkInformation.NetworkInterface.GetAllNetworkInterfaces().FirstOrDefault(n => n.Name == setting.Value);
        var v4 = nic?.GetIPProperties().UnicastAddresses.FirstOrDefault(a => a.Address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork);
        return v4?.Address ?? throw new ArgumentException($"{setting.Source}: '{setting.Value}' is neither an IPv4 address nor an interface with an IPv4 address");
    }

    private static IPEndPoint ParseEndPoint((string Value, string Source) setting, int defaultPort)
    {
        if (IPEndPoint.TryParse(setting.Value, out var endPoint) && endPoint.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork)
        {
            return endPoint.Port == 0 ? new IPEndPoint(endPoint.Address, defaultPort) : endPoint;
        }

        throw new ArgumentException($"{setting.Source}: '{setting.Value}' is not an IPv4 address[:port]");
    }

    /// <summary><c>native peers = HOST[:PORT], ...</c>: an IPv4 address or a DNS name (RFC 1123 letters, digits, '-', '.'), port 1..65535, default 2426.</summary>
    private static List<(string Host, ushort Port)> ParseNativePeers((string Value, string Source)? setting, Core.DaemonLimits limits)
    {
        var peers = new List<(string Host, ushort Port)>();
        if (setting is not { } s || s.Value.Trim() is "" or "none")
        {
            return peers;
        }

        foreach (var item in s.Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var colon = item.LastIndexOf(':');
            var host = colon < 0 ? item : item[..colon];
            ushort port = 2426;
            if ((colon >= 0 && !ushort.TryParse(item[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out port)) || port == 0
                || host.Length is 0 or > 253 || !host.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.'))
            {
                throw new ArgumentException($"{s.Source}: '{item}' is not HOST[:PORT] (an IPv4 address or DNS name, port 1-65535)");
            }

            if (peers.Count == limits.DiscoveryMaxStaticPeers)
            {
                throw new ArgumentException($"{s.Source}: at most {limits.DiscoveryMaxStaticPeers} native peers");
            }

            peers.Add((host.ToLowerInvariant(), port));
        }

        return peers;
    }

    /// <summary>
    /// <c>alert names = ADMIN, OPS</c> (issue #15, item 3): comma or space separated recipients,
    /// each as <c>messngr send</c> parses it (NAME, NAME@HOST, /domain[:WG], …); "none" or empty is none.
    /// </summary>
    private static List<string> ParseAlertNames((string Value, string Source)? setting, Core.DaemonLimits limits)
    {
        var names = new List<string>();
        if (setting is not { } s || s.Value.Trim() is "" or "none")
        {
            return names;
        }

        foreach (var item in s.Value.Split([',', ' ', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!Sending.RecipientParser.TryParse(item, out _, out var error))
            {
                throw new ArgumentException($"{s.Source}: '{Display.TerminalText.Sanitize(item, keepNewlines: false)}' is not a recipient: {error}");
            }

            if (names.Count == limits.AlertNamesMax)
            {
                throw new ArgumentException($"{s.Source}: at most {limits.AlertNamesMax} alert names");
            }

            names.Add(item);
        }

        return names;
    }

    /// <summary><c>alertmanager route</c> (issue #15, item 2): <see cref="Alertmanager.AlertmanagerRouteParser"/>; an error names where the value came from.</summary>
    private static IReadOnlyList<Alertmanager.AlertmanagerRoute> ParseAlertmanagerRoutes((string Value, string Source)? setting, Core.DaemonLimits limits)
    {
        if (setting is not { } s)
        {
            return [];
        }

        try
        {
            return Alertmanager.AlertmanagerRouteParser.Parse(s.Value, limits.AlertmanagerRoutesMax);
        }
        catch (ArgumentException ex)
        {
            throw new ArgumentException($"{s.Source}: {ex.Message}", ex);
        }
    }
}
