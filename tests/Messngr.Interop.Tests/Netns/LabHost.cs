namespace Messngr.Interop.Tests.Netns;

/// <summary>
/// One machine of the <see cref="Lab"/>: a network namespace with one veth called
/// <see cref="Interface"/> holding <see cref="Address"/>/24, and <c>lo</c> up.
/// </summary>
/// <param name="Name">The lab's name for it (HOSTA, HOSTB, HOSTC, HOSTX, ROUTER), also its NetBIOS name where it has one.</param>
/// <param name="Namespace">The network namespace (<c>ip netns</c> name), unique per lab.</param>
/// <param name="Address">Its IPv4 address on its subnet.</param>
/// <param name="Subnet">The /24 it sits on (<c>10.99.0.0/24</c> or <c>10.98.0.0/24</c>).</param>
public sealed record LabHost(string Name, string Namespace, string Address, string Subnet)
{
    /// <summary>The host's interface towards its subnet (the bridge, or the router for HOSTX).</summary>
    public string Interface => "eth0";

    /// <summary>The directed broadcast address of the host's subnet.</summary>
    public string Broadcast => Subnet.Replace(".0/24", ".255", StringComparison.Ordinal);

    /// <summary>Address with prefix length, as Samba's <c>interfaces</c> wants it.</summary>
    public string AddressWithPrefix => Address + "/24";

    public override string ToString() => $"{Name} ({Address} in netns {Namespace})";
}
