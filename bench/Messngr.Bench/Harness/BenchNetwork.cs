namespace Messngr.Bench.Harness;

/// <summary>
/// The bench's wiring, nothing of it in the machine's own namespace:
/// <code>
///   netns mbench-S-switch: bridge mbbr-S ─┬─ veth ─ mbench-S-client   eth0 10.97.0.10/24
///                                         ├─ veth ─ mbench-S-messngr  eth0 10.97.0.21/24
///                                         └─ veth ─ mbench-S-…        eth0 10.97.0.2x/24
/// </code>
/// 10.97.0.0/24 is used by neither the interop lab (10.98/10.99) nor anything routed: no namespace
/// has a default route, so nothing can leave. IPv6 is off in every namespace.
/// </summary>
public static class BenchNetwork
{
    public const string Prefix = "mbench-";

    public const string Subnet = "10.97.0";

    public static string Namespace(string suffix, string role) => $"{Prefix}{suffix}-{role}";

    public static string Bridge(string suffix) => $"mbbr-{suffix}";

    public static void CreateSwitch(string suffix)
    {
        var sw = Namespace(suffix, "switch");
        AddNamespace(sw);
        Tool.Ip("-n", sw, "link", "add", Bridge(suffix), "type", "bridge");
        Tool.Ip("-n", sw, "link", "set", Bridge(suffix), "up");
    }

    /// <summary>Adds namespace <c>mbench-S-ROLE</c> with one veth on the bridge holding <paramref name="address"/>/24.</summary>
    public static BenchHost AddHost(string suffix, string role, string address, int port)
    {
        var host = new BenchHost(role, Namespace(suffix, role), address);
        var sw = Namespace(suffix, "switch");
        AddNamespace(host.Namespace);
        var bridgePort = $"p{port}";
        Tool.Ip("-n", host.Namespace, "link", "add", BenchHost.Interface, "type", "veth", "peer", "name", bridgePort, "netns", sw);
        Tool.Ip("-n", sw, "link", "set", bridgePort, "master", Bridge(suffix));
        Tool.Ip("-n", sw, "link", "set", bridgePort, "up");
        Tool.Ip("-n", host.Namespace, "addr", "add", host.AddressWithPrefix, "broadcast", $"{Subnet}.255", "dev", BenchHost.Interface);
        Tool.Ip("-n", host.Namespace, "link", "set", BenchHost.Interface, "up");
        return host;
    }

    /// <summary>The bench namespaces that exist now, by suffix.</summary>
    public static IReadOnlyList<string> List() =>
        Tool.Run("ip", ["netns", "list"]).Output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(' ', 2)[0].Trim())
            .Where(ns => ns.StartsWith(Prefix, StringComparison.Ordinal))
            .ToList();

    /// <summary>SIGKILLs everything in the namespaces of <paramref name="suffix"/> (hosts first, switch last) and deletes them. Never throws.</summary>
    public static void Destroy(string suffix)
    {
        var mine = List().Where(ns => ns.StartsWith(Prefix + suffix + "-", StringComparison.Ordinal))
            .OrderBy(ns => ns.EndsWith("-switch", StringComparison.Ordinal) ? 1 : 0).ToList();
        foreach (var ns in mine)
        {
            DestroyNamespace(ns);
        }
    }

    private static void DestroyNamespace(string ns)
    {
        try
        {
            var pids = Tool.Run("ip", ["netns", "pids", ns]).Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(p => p.Trim()).ToList();
            if (pids.Count > 0)
            {
                Tool.Run("kill", ["-KILL", .. pids]);
                var deadline = DateTime.UtcNow.AddSeconds(5);
                while (DateTime.UtcNow < deadline && Tool.Run("ip", ["netns", "pids", ns]).Output.Trim().Length > 0)
                {
                    Thread.Sleep(50);
                }
            }

            Tool.Run("ip", ["netns", "delete", ns]);
        }
        catch (Exception ex) when (ex is InvalidOperationException or TimeoutException or System.ComponentModel.Win32Exception)
        {
            // best effort: cleanup must not hide the result
        }
    }

    private static void AddNamespace(string ns)
    {
        Tool.Ip("netns", "add", ns);
        Tool.Ip("-n", ns, "link", "set", "lo", "up");
        Tool.ExecChecked(ns, "sysctl", "-qw", "net.ipv6.conf.all.disable_ipv6=1", "net.ipv6.conf.default.disable_ipv6=1");
    }
}
