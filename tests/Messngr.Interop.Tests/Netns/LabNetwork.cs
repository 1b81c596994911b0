namespace Messngr.Interop.Tests.Netns;

/// <summary>
/// Builds and tears down the lab's wiring. Nothing is created in the machine's own namespace:
/// <code>
///   netns mlab-S-switch: bridge mbr-S ─┬─ veth ─ mlab-S-hosta   eth0 10.99.0.11/24
///                                      ├─ veth ─ mlab-S-hostb   eth0 10.99.0.12/24
///                                      ├─ veth ─ mlab-S-hostc   eth0 10.99.0.13/24
///                                      └─ veth ─ mlab-S-router  eth0 10.99.0.1/24
///   mlab-S-router eth1 10.98.0.1/24 ─ veth ─ mlab-S-hostx eth0 10.98.0.10/24 (default via 10.98.0.1)
/// </code>
/// Hosts on 10.99.0.0/24 reach 10.98.0.0/24 via 10.99.0.1; the router forwards. The bridge sits in
/// its own namespace so that the machine's firewall (br_netfilter, Docker's FORWARD policy) never
/// sees the lab's frames and no lab interface shows up on the machine. No namespace has a route
/// out of 10.98.0.0/16 and 10.99.0.0/24, so nothing can leave the lab. IPv6 is off in every
/// namespace to keep captures to the NetBIOS traffic the tests make.
/// </summary>
internal static class LabNetwork
{
    public const string Prefix = "mlab-";

    public static string Namespace(string suffix, string role) => $"{Prefix}{suffix}-{role}";

    public static string Bridge(string suffix) => $"mbr-{suffix}";

    /// <summary>Every namespace of the lab with <paramref name="suffix"/>, switch last (HOSTD only exists while a <see cref="LabSecondSubnet"/> is attached).</summary>
    public static IReadOnlyList<string> Namespaces(string suffix) =>
        new[] { "hostd", "hosta", "hostb", "hostc", "hostx", "router", "switch" }.Select(role => Namespace(suffix, role)).ToList();

    /// <summary>Creates the namespaces, links and routes. Throws on the first failing step (the caller destroys).</summary>
    public static (LabHost A, LabHost B, LabHost C, LabHost X, LabHost Router) Create(string suffix)
    {
        var sw = Namespace(suffix, "switch");
        var bridge = Bridge(suffix);
        AddNamespace(sw);
        NetnsCommand.Ip("-n", sw, "link", "add", bridge, "type", "bridge");
        NetnsCommand.Ip("-n", sw, "link", "set", bridge, "up");

        var a = new LabHost("HOSTA", Namespace(suffix, "hosta"), "10.99.0.11", "10.99.0.0/24");
        var b = new LabHost("HOSTB", Namespace(suffix, "hostb"), "10.99.0.12", "10.99.0.0/24");
        var c = new LabHost("HOSTC", Namespace(suffix, "hostc"), "10.99.0.13", "10.99.0.0/24");
        var router = new LabHost("ROUTER", Namespace(suffix, "router"), "10.99.0.1", "10.99.0.0/24");
        var x = new LabHost("HOSTX", Namespace(suffix, "hostx"), "10.98.0.10", "10.98.0.0/24");

        var port = 0;
        foreach (var host in new[] { a, b, c, router })
        {
            AddNamespace(host.Namespace);
            var bridgePort = $"p{port++}";
            // Both ends are born in the host's namespace; the bridge end moves to the switch.
            NetnsCommand.Ip("-n", host.Namespace, "link", "add", host.Interface, "type", "veth", "peer", "name", bridgePort, "netns", sw);
            NetnsCommand.Ip("-n", sw, "link", "set", bridgePort, "master", bridge);
            NetnsCommand.Ip("-n", sw, "link", "set", bridgePort, "up");
            AddAddress(host, host.Interface, host.AddressWithPrefix, host.Broadcast);
        }

        AddNamespace(x.Namespace);
        NetnsCommand.Ip("-n", x.Namespace, "link", "add", x.Interface, "type", "veth", "peer", "name", "eth1", "netns", router.Namespace);
        AddAddress(x, x.Interface, x.AddressWithPrefix, x.Broadcast);
        AddAddress(router, "eth1", "10.98.0.1/24", "10.98.0.255");
        NetnsCommand.Ip("-n", x.Namespace, "route", "add", "default", "via", "10.98.0.1");
        NetnsCommand.ExecChecked(router.Namespace, "sysctl", "-qw", "net.ipv4.ip_forward=1");
        foreach (var host in new[] { a, b, c })
        {
            NetnsCommand.Ip("-n", host.Namespace, "route", "add", "10.98.0.0/24", "via", router.Address);
        }

        return (a, b, c, x, router);
    }

    /// <summary>Ends every process in the lab's namespaces and deletes them. Never throws.</summary>
    public static void Destroy(string suffix)
    {
        foreach (var ns in Namespaces(suffix))
        {
            NetnsCommand.Destroy(ns);
        }
    }

    private static void AddNamespace(string ns)
    {
        NetnsCommand.Ip("netns", "add", ns);
        NetnsCommand.Ip("-n", ns, "link", "set", "lo", "up");
        NetnsCommand.ExecChecked(ns, "sysctl", "-qw", "net.ipv6.conf.all.disable_ipv6=1", "net.ipv6.conf.default.disable_ipv6=1");
    }

    private static void AddAddress(LabHost host, string device, string address, string broadcast)
    {
        NetnsCommand.Ip("-n", host.Namespace, "addr", "add", address, "broadcast", broadcast, "dev", device);
        NetnsCommand.Ip("-n", host.Namespace, "link", "set", device, "up");
    }
}
