namespace Messngr.Interop.Tests.Netns;

/// <summary>
/// A second subnet on HOSTA for the tests that need a multi-homed HOSTA (<c>--interface</c>),
/// attached for one test and removed at <see cref="Dispose"/> so that the shared lab's HOSTA
/// otherwise has only 10.99.0.0/24 (the policy tests with HOSTX and ROUTER depend on it):
/// <code>
///   mlab-S-hosta eth1 10.95.0.11/24 ─ veth ─ mlab-S-hostd eth0 10.95.0.14/24
/// </code>
/// No router joins 10.95.0.0/24 to the rest of the lab: HOSTD reaches HOSTA only, and HOSTD's
/// broadcasts arrive on HOSTA's eth1 alone. The namespace is named like the lab's others, so an
/// aborted run's HOSTD is reaped with its lab (<see cref="LabNetwork.Namespaces"/>).
/// </summary>
internal sealed class LabSecondSubnet : IDisposable
{
    /// <summary>HOSTA's interface on the second subnet.</summary>
    public const string HostAInterface = "eth1";

    /// <summary>HOSTA's address on the second subnet.</summary>
    public const string HostAAddress = "10.95.0.11";

    private LabSecondSubnet(LabHost hostD) => HostD = hostD;

    /// <summary>The client host on the second subnet.</summary>
    public LabHost HostD { get; }

    /// <summary>Creates HOSTD and HOSTA's eth1 (throws after removing what it made when a step fails).</summary>
    public static LabSecondSubnet Attach(Lab lab)
    {
        ArgumentNullException.ThrowIfNull(lab);
        var hostD = new LabHost("HOSTD", LabNetwork.Namespace(lab.Suffix, "hostd"), "10.95.0.14", "10.95.0.0/24");
        var subnet = new LabSecondSubnet(hostD);
        try
        {
            NetnsCommand.Ip("netns", "add", hostD.Namespace);
            NetnsCommand.Ip("-n", hostD.Namespace, "link", "set", "lo", "up");
            NetnsCommand.ExecChecked(hostD.Namespace, "sysctl", "-qw", "net.ipv6.conf.all.disable_ipv6=1", "net.ipv6.conf.default.disable_ipv6=1");
            // Born in HOSTD; the other end moves to HOSTA. Deleting HOSTD's namespace deletes both ends.
            NetnsCommand.Ip("-n", hostD.Namespace, "link", "add", hostD.Interface, "type", "veth", "peer", "name", HostAInterface, "netns", lab.HostA.Namespace);
            NetnsCommand.Ip("-n", hostD.Namespace, "addr", "add", hostD.AddressWithPrefix, "broadcast", hostD.Broadcast, "dev", hostD.Interface);
            NetnsCommand.Ip("-n", hostD.Namespace, "link", "set", hostD.Interface, "up");
            NetnsCommand.Ip("-n", lab.HostA.Namespace, "addr", "add", HostAAddress + "/24", "broadcast", hostD.Broadcast, "dev", HostAInterface);
            NetnsCommand.Ip("-n", lab.HostA.Namespace, "link", "set", HostAInterface, "up");
        }
        catch
        {
            subnet.Dispose();
            throw;
        }

        return subnet;
    }

    /// <summary>Ends HOSTD's processes and deletes its namespace, and with it HOSTA's eth1. Never throws.</summary>
    public void Dispose() => NetnsCommand.Destroy(HostD.Namespace);
}
