using Messngr.Daemon.Control;
using Messngr.Daemon.Core;

namespace Messngr.Daemon.Tests.Control;

public sealed class ControlAuthorizationTests
{
    private static readonly NameInfo Computer = new("HOSTB", 0x03, false, NameKind.Computer, NameState.Registered, null, null);
    private static readonly NameInfo Workgroup = new("LAB", 0x00, true, NameKind.Workgroup, NameState.Registered, null, null);
    private static readonly NameInfo Alice = new("ALICE", 0x03, false, NameKind.User, NameState.Registered, 1000, null);
    private static readonly NameInfo AliceAlias = new("BOSS", 0x03, false, NameKind.Alias, NameState.Registered, 1000, null);
    private static readonly NameInfo ConfiguredAlias = new("HELPDESK", 0x03, false, NameKind.Alias, NameState.Registered, null, null);
    private static readonly IReadOnlyList<NameInfo> Names = [Computer, Workgroup, Alice, AliceAlias, ConfiguredAlias];

    // The owner is decided as the pipeline decides it at commit, from the names of that moment.
    private static ReceivedMessage To(string to) => FakeDaemonControl.Message(1, "x", to, "t").Message with { OwnerUid = Messngr.Daemon.Names.MessageOwner.Of(Names, to) };

    [Theory]
    [InlineData(0u)]
    [InlineData(1000u)]
    public void The_computer_name_and_the_workgroup_cannot_be_deleted_by_anyone(uint uid)
    {
        Assert.False(ControlAuthorization.MayDeleteName(Computer, uid, out var reason));
        Assert.Contains("computer name", reason, StringComparison.Ordinal);
        Assert.False(ControlAuthorization.MayDeleteName(Workgroup, uid, out reason));
        Assert.Contains("workgroup name", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void An_owner_may_delete_their_own_names_and_root_anyones()
    {
        Assert.True(ControlAuthorization.MayDeleteName(AliceAlias, 1000, out _));
        Assert.True(ControlAuthorization.MayDeleteName(Alice, 1000, out _));
        Assert.True(ControlAuthorization.MayDeleteName(AliceAlias, 0, out _));
        Assert.True(ControlAuthorization.MayDeleteName(ConfiguredAlias, 0, out _));
    }

    [Fact]
    public void Another_user_may_not_delete_a_name_they_do_not_own()
    {
        Assert.False(ControlAuthorization.MayDeleteName(AliceAlias, 1001, out var reason));
        Assert.Equal("BOSS belongs to uid 1000; only its owner or root may delete it", reason);
        Assert.False(ControlAuthorization.MayDeleteName(ConfiguredAlias, 1000, out reason));
        Assert.Contains("only root", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Root_reads_every_message_even_to_names_we_no_longer_hold() =>
        Assert.True(ControlAuthorization.MayReadMessage(To("GONE"), 0));

    [Theory]
    [InlineData("HOSTB", 1001u, true)]
    [InlineData("hostb ", 1001u, true)]
    [InlineData("LAB", 1001u, true)]
    [InlineData("ALICE", 1000u, true)]
    [InlineData("boss", 1000u, true)]
    [InlineData("ALICE", 1001u, false)]
    [InlineData("BOSS", 1001u, false)]
    [InlineData("HELPDESK", 1000u, false)]
    [InlineData("GONE", 1000u, false)]
    public void A_user_reads_messages_to_their_names_the_computer_and_the_workgroup_only(string to, uint uid, bool visible) =>
        Assert.Equal(visible, ControlAuthorization.MayReadMessage(To(to), uid));

    [Fact]
    public void Peer_credentials_decode_a_struct_ucred_in_host_order()
    {
        var ucred = new byte[12];
        BitConverter.TryWriteBytes(ucred.AsSpan(0), 4242);
        BitConverter.TryWriteBytes(ucred.AsSpan(4), 1000u);
        BitConverter.TryWriteBytes(ucred.AsSpan(8), 100u);
        Assert.Equal(new PeerCredentials(4242, 1000, 100), PeerCredentials.Parse(ucred));
    }

    [Fact]
    public void Peer_credentials_are_unavailable_on_a_socket_that_is_not_unix()
    {
        using var tcp = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
        Assert.False(PeerCredentials.TryGet(tcp, out _));
    }

    [Fact]
    public async Task Peer_credentials_of_a_connected_unix_socket_name_this_process()
    {
        var dir = Directory.CreateTempSubdirectory("messngr-cred-").FullName;
        try
        {
            var path = Path.Combine(dir, "s");
            using var listener = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.Unix, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Unspecified);
            listener.Bind(new System.Net.Sockets.UnixDomainSocketEndPoint(path));
            listener.Listen();
            using var client = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.Unix, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Unspecified);
            await client.ConnectAsync(new System.Net.Sockets.UnixDomainSocketEndPoint(path));
            using var accepted = await listener.AcceptAsync();
            Assert.True(PeerCredentials.TryGet(accepted, out var credentials));
            Assert.Equal(Environment.ProcessId, credentials.Pid);
            Assert.Equal(ControlServerFixture.OwnUid(), credentials.Uid);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
