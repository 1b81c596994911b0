namespace Messngr.Interop.Tests.Netns.Tests;

/// <summary>
/// HOSTX sits on 10.98.0.0/24 behind the lab's router: its unicast traffic reaches HOSTA, its
/// broadcasts stay on its own subnet (broadcasts do not cross routers) — the ground the policy
/// tests for senders outside the allowed networks stand on.
/// </summary>
[Collection(LabCollection.Name)]
public sealed class RoutedSubnetTests
{
    private readonly Lab _lab;

    public RoutedSubnetTests(Lab lab) => _lab = lab;

    [Fact]
    public void HOSTX_reaches_HOSTA_through_the_router_but_its_broadcast_query_finds_nothing()
    {
        _ = _lab.Messngr;
        // A plain TCP connect to the session service, from HOSTX's own address.
        var connect = _lab.Exec(_lab.HostX, "/usr/bin/python3", "-c",
            $"import socket; s = socket.create_connection(('{_lab.HostA.Address}', 139), timeout=5); print(s.getsockname()[0])");
        Assert.True(connect.ExitCode == 0, connect.Output + connect.Error);
        Assert.Equal(_lab.HostX.Address, connect.Output.Trim());

        var broadcast = _lab.Nmblookup(_lab.HostX, "-B", _lab.HostX.Broadcast, "HOSTA#03");
        Assert.DoesNotContain("HOSTA<03>", broadcast.Output, StringComparison.Ordinal);
        Assert.Contains("name_query failed to find name HOSTA#03", broadcast.Output + broadcast.Error, StringComparison.Ordinal);
    }
}
