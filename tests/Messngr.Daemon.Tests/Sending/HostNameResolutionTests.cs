using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Messngr.Daemon.Tests.Control;

namespace Messngr.Daemon.Tests.Sending;

/// <summary>
/// Issue #12, item 8, through the real binary and the system resolver: <c>send NAME@HOST</c> with a
/// fully qualified HOST listed in /etc/hosts (a private overlay, <see cref="PrivateEtcCommand"/>)
/// finds it under its full name. It was cut to 15 characters and upper-cased before the lookup.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class HostNameResolutionTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("messngr-hosts-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task A_fully_qualified_host_in_etc_hosts_is_found_by_its_whole_name()
    {
        Assert.True(ControlServerFixture.OwnUid() == 0, "this test mounts an overlay over /etc in a private namespace and needs root (CI runs as root)");
        var hosts = Path.Combine(_directory, "hosts");
        await File.WriteAllTextAsync(hosts, "127.0.0.1 localhost\n127.0.0.1 fileserver.building-seven.example.lan\n");
        using var peer = new TcpListener(IPAddress.Loopback, 0);
        peer.Start();
        var port = ((IPEndPoint)peer.LocalEndpoint).Port;
        var peerTask = RefuseOneSessionAsync(peer);

        var (exit, _, error) = await PrivateEtcCommand.RunAsync(_directory, new Dictionary<string, string> { ["/etc/hosts"] = hosts }, asNobody: false,
            PrivateEtcCommand.Messngr, "send", "--verbose", "--config", "/dev/null", "--netbios-name", "HOSTA", "--transport", "smb",
            "--session-port", port.ToString(CultureInfo.InvariantCulture), "alice@FileServer.Building-Seven.example.lan", "hi");

        // Found and called: the peer's refusal (77) proves the session reached it; not found would be 68.
        Assert.Contains("dns FileServer.Building-Seven.example.lan: 127.0.0.1", error, StringComparison.Ordinal);
        Assert.True(exit == 77, $"exit {exit}: {error}");
        Assert.True(await peerTask.WaitAsync(TimeSpan.FromSeconds(30)), "the peer got no session request");
    }

    /// <summary>Answers one session request with NEGATIVE SESSION RESPONSE 0x82, called name not present (RFC 1002 4.3.4).</summary>
    private static async Task<bool> RefuseOneSessionAsync(TcpListener peer)
    {
        using var client = await peer.AcceptTcpClientAsync();
        var stream = client.GetStream();
        var request = new byte[4];
        await stream.ReadExactlyAsync(request);
        var rest = new byte[((request[1] & 1) << 16) | (request[2] << 8) | request[3]];
        await stream.ReadExactlyAsync(rest);
        await stream.WriteAsync(new byte[] { 0x83, 0x00, 0x00, 0x01, 0x82 });
        return request[0] == 0x81;
    }
}
