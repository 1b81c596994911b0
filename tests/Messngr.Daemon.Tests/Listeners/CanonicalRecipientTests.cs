using System.Buffers;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Messngr.Daemon.Listeners;
using Messngr.Wire.NetBios;
using Messngr.Wire.NetBios.SessionService;
using Messngr.Wire.Smb1;
using Messngr.Wire.Smb1.Mailslot;

namespace Messngr.Daemon.Tests.Listeners;

/// <summary>
/// Issue #10, item 5: the recipient kept is the name that matched — only the first 15 bytes of a
/// destination field of up to 255 are compared, and the rest must never be stored, shown, logged
/// or passed to hooks; 0xD1 broadcasts pass the same check. Raw SMB bytes over loopback.
/// </summary>
public sealed class CanonicalRecipientTests : IAsyncLifetime
{
    private readonly ListenerFixture _fixture = new("HOSTB", "LAB", "BOB");
    private SessionListener _listener = null!;
    private NbssClient _client = null!;

    public async Task InitializeAsync()
    {
        _listener = new SessionListener(ListenerFixture.AnyPort, _fixture.Names, _fixture.Pipeline, _fixture.Counters, ListenerFixture.Logger);
        _listener.Start(CancellationToken.None);
        Assert.True(_listener.Status.Bound, _listener.Status.Error);
        _client = await NbssClient.OpenSessionAsync(_listener.BoundPort);
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _listener.DisposeAsync();
    }

    /// <summary>"BOB", padded to 15 bytes, then 240 bytes of junk with an escape sequence: 255 bytes whose first 15 match BOB.</summary>
    private static byte[] LongDestination(string name)
    {
        var junk = Encoding.ASCII.GetBytes("\u001b]0;owned\u0007\u001b[2J EVIL-TAIL ");
        var bytes = new byte[SmbLimits.MaxNameBytes];
        bytes.AsSpan().Fill((byte)'X');
        bytes.AsSpan(0, 15).Fill((byte)' ');
        Encoding.ASCII.GetBytes(name).CopyTo(bytes, 0);
        junk.CopyTo(bytes, 15);
        return bytes;
    }

    private async Task<SmbMessage> SendAsync(SmbCommand command, SmbBody body)
    {
        await _client.SendAsync(SmbMessage.Request(command, body));
        return await _client.ReadSmbAsync();
    }

    private static SendMessageRequest Single(byte[] destination, string text) =>
        new(Encoding.ASCII.GetBytes("alice"), destination, Wire.MessageText.Encode(text));

    [Fact]
    public async Task A_single_block_message_keeps_the_matched_name_not_the_255_byte_destination()
    {
        var reply = await SendAsync(SmbCommand.SMB_COM_SEND_MESSAGE, Single(LongDestination("BOB"), "hi"));

        Assert.False(reply.Header.IsError);
        var message = await _fixture.NextMessageAsync();
        Assert.Equal("BOB", message!.To);
        Assert.Equal("BOB", Assert.Single(_fixture.Store.History(10)).Message.To);
    }

    [Fact]
    public async Task A_multi_block_message_keeps_the_matched_name()
    {
        var start = await SendAsync(SmbCommand.SMB_COM_SEND_START_MB_MESSAGE, new SendStartMbRequest(Encoding.ASCII.GetBytes("alice"), LongDestination("bob")));
        var group = Assert.IsType<SendStartMbResponse>(start.Body).MessageGroupId ?? 0;
        Assert.False((await SendAsync(SmbCommand.SMB_COM_SEND_TEXT_MB_MESSAGE, new SendTextMbRequest(group, Wire.MessageText.Encode("block")))).Header.IsError);
        Assert.False((await SendAsync(SmbCommand.SMB_COM_SEND_END_MB_MESSAGE, new SendEndMbRequest(group))).Header.IsError);

        Assert.Equal("BOB", (await _fixture.NextMessageAsync())!.To);
    }

    [Fact]
    public async Task A_broadcast_to_star_is_recorded_as_the_workgroup()
    {
        var reply = await SendAsync(SmbCommand.SMB_COM_SEND_BROADCAST_MESSAGE, Single("*"u8.ToArray(), "to all"));

        Assert.False(reply.Header.IsError);
        Assert.Equal("LAB", (await _fixture.NextMessageAsync())!.To);
    }

    [Fact]
    public async Task A_broadcast_to_one_of_our_names_keeps_the_matched_name()
    {
        var reply = await SendAsync(SmbCommand.SMB_COM_SEND_BROADCAST_MESSAGE, Single(LongDestination("BOB"), "to bob"));

        Assert.False(reply.Header.IsError);
        Assert.Equal("BOB", (await _fixture.NextMessageAsync())!.To);
    }

    [Fact]
    public async Task A_broadcast_to_a_name_we_do_not_hold_is_refused_like_a_single_block_message()
    {
        var reply = await SendAsync(SmbCommand.SMB_COM_SEND_BROADCAST_MESSAGE, Single(LongDestination("CAROL"), "not ours"));

        Assert.True(reply.Header.IsError);
        Assert.Null(await _fixture.NextMessageAsync(500));
        Assert.Empty(_fixture.Store.History(10));
    }

    [Fact]
    public async Task A_mailslot_broadcast_keeps_the_workgroup_name_as_matched()
    {
        var datagrams = new DatagramListener(ListenerFixture.AnyPort, _fixture.Names, _fixture.Pipeline, _fixture.Counters, ListenerFixture.Logger);
        datagrams.Start(CancellationToken.None);
        try
        {
            using var client = new LoopbackUdp();
            var message = MessengerMailslotMessage.Create("alice", "lab", "to the workgroup");
            var datagram = MessengerDatagram.CreateGroupBroadcast(NetBiosName.Create("CLIENTA", 0), IPAddress.Loopback, NetBiosName.Create("LAB", 0), message, 0x4243);
            client.Send(datagram.ToArray(), datagrams.BoundPort);

            Assert.Equal("LAB", (await _fixture.NextMessageAsync())!.To);
        }
        finally
        {
            await datagrams.DisposeAsync();
        }
    }
}
