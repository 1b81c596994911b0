using System.Globalization;

namespace Messngr.Daemon.Options;

/// <summary>
/// The value of one <see cref="ServeOptionTable"/> key in a loaded <see cref="ServeOptions"/>, as
/// text: two loads differ in a key when these differ (the SIGHUP reload's diff, issue #12, item 4).
/// A test holds it to the table, so a new key cannot be forgotten.
/// </summary>
internal static class ServeOptionValues
{
    public static string Of(ServeOptions options, string key)
    {
        ArgumentNullException.ThrowIfNull(options);
        var hook = options.Hook;
        object? value = key switch
        {
            "netbios-name" => options.NetBiosName,
            "workgroup" => options.Workgroup,
            "alias" => string.Join(",", options.Aliases),
            "interface" => options.BindAddress,
            "state-dir" => options.StateDirectory,
            "wins-server" => options.WinsServer,
            "code-page" => options.CodePage,
            "name-service" => options.NameServiceEnabled,
            "datagram-service" => options.DatagramServiceEnabled,
            "session-service" => options.SessionServiceEnabled,
            "rpc" => options.RpcEnabled,
            "name-service-port" => options.NameServicePort,
            "datagram-service-port" => options.DatagramServicePort,
            "session-service-port" => options.SessionServicePort,
            "rpc-port" => options.RpcPort,
            "native-port" => options.NativePort,
            "allow" => string.Join(",", options.Allow),
            "deny" => string.Join(",", options.Deny),
            "rate-limit" => options.RateLimitPerSource,
            "global-rate-limit" => options.GlobalRateLimit,
            "max-connections-per-host" => options.Limits.MaxSessionConnectionsPerSource,
            "tty" => options.TtyEnabled,
            "tty-bell" => options.Tty.Bell,
            "tty-write-timeout" => options.Tty.WriteTimeout,
            "tty-charset" => options.Tty.Utf8,
            "critical-repeat" => options.Tty.CriticalRepeat?.ToString() ?? "off",
            "hook" => hook is null ? null : string.Join("\u0000", hook.Command),
            "hook-timeout" => hook?.Timeout,
            "hook-concurrency" => hook?.MaxConcurrent,
            "hook-queue" => hook?.QueueCapacity,
            "hook-user" => hook?.RunAsUser,
            "max-aliases" => options.MaxAliasesPerUser,
            "max-messages" => options.MaxMessages,
            "max-age" => options.MaxAge,
            "node-status-users" => options.NodeStatusUsers,
            "netbios-scope" => options.NetBiosScope,
            "name-release-on-demand" => options.NameReleaseOnDemand,
            "log-level" => options.LogLevel,
            "user" => options.User,
            "trust-ca" => options.TrustCaFile,
            "trust-on-first-use" => options.TrustOnFirstUse,
            "discovery" => options.DiscoveryEnabled,
            "outbox-expiry" => options.OutboxExpiry,
            "store-sync" => options.StoreSync,
            "web-listen" => options.WebListen,
            "native-peers" => string.Join(",", options.NativePeers.Select(p => $"{p.Host}:{p.Port}")),
            "alert-names" => string.Join(",", options.AlertNames),
            "api-listen" => options.ApiListen?.Endpoint,
            "api-tls-certificate" => options.ApiListen?.CertificateFile,
            "api-tls-key" => options.ApiListen?.KeyFile,
            "log-format" => options.LogFormat,
            "metrics-listen" => options.MetricsListen,
            "alertmanager-route" => string.Join("; ", options.AlertmanagerRoutes.Select(r => r.Text)),
            _ => throw new ArgumentException($"'{key}' has no value in ServeOptionValues", nameof(key)),
        };
        return Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty;
    }
}
