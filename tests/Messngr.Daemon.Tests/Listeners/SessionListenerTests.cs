using System.Buffers;
using System.Net;
using System.Net.Sockets;
using Messngr.Daemon.Listeners;
using Messngr.Wire.NetBios;
using Messngr.Wire.NetBios.SessionService;
using Messngr.Wire.Smb1;
using Messngr.Daemon.Core;

namespace Messngr.Daemon.Tests.Listeners;

public sealed class SessionListenerTests : IAsyncLifetime
{
    private readonly ListenerFixture _fixture = new("HOSTB", "LAB", "BOB");
    private SessionListener _listener = null!;

    public Task InitializeAsync()
    {
        _listener = new SessionListener(ListenerFixture.AnyPort, _fixture.Names, _fixture.Pipeline, _fixture.Counters, ListenerFixture.Logger);
        _listener.Start(CancellationToken.None);
        Assert.True(_listener.Status.Bound, _listener.Status.Error);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _listener.DisposeAsync();

    private static byte[] SessionRequest(string called) => NbssClient.SessionRequest(called);

    private Task<NbssClient> ConnectAsync(string called = "HOSTB") => NbssClient.OpenSessionAsync(_listener.BoundPort, called);

    [Fact]
    public async Task Session_for_a_name_we_do_not_hold_is_refused_with_0x82()
    {
        using var client = new NbssClient();
        await client.ConnectAsync(_listener.BoundPort);
        await client.SendAsync(SessionRequest("NOSUCH"));
        var refusal = Assert.IsType<NegativeSessionResponsePacket>(await client.ReadAsync());
        Assert.Equal(NbssErrorCode.CalledNameNotPresent, refusal.ErrorCode);
        Assert.Null(await client.ReadAsync()); // and the connection is closed
    }

    [Fact]
    public async Task Multi_block_messages_many_per_connection_are_delivered_like_smbclient_sends_them()
    {
        using var client = await ConnectAsync("bob");
        for (var n = 0; n < 3; n++)
        {
            await client.SendAsync(SmbMessage.Request(SmbCommand.SMB_COM_SEND_START_MB_MESSAGE, SendStartMbRequest.Create("alice", "Bob")));
            var started = await client.ReadSmbAsync();
            var groupId = Assert.IsType<SendStartMbResponse>(started.Body).EffectiveMessageGroupId;
            var text = new string('x', 200) + $" message {n} äöü";
            var bytes = Wire.MessageText.Encode(text, windowsLineBreaks: false);
            foreach (var block in Wire.MessageText.SplitBlocks(bytes, 127))
            {
                await client.SendAsync(SmbMessage.Request(SmbCommand.SMB_COM_SEND_TEXT_MB_MESSAGE, SendTextMbRequest.Create(groupId, block)));
                Assert.False((await client.ReadSmbAsync()).Header.IsError);
            }

            await client.SendAsync(SmbMessage.Request(SmbCommand.SMB_COM_SEND_END_MB_MESSAGE, new SendEndMbRequest(groupId)));
            Assert.False((await client.ReadSmbAsync()).Header.IsError);
            var message = await _fixture.NextMessageAsync();
            Assert.Equal(("alice", "BOB", text, MessageTransport.Smb), (message!.From, message.To, message.Text, message.Transport));
        }
    }

    [Fact]
    public async Task Single_block_message_after_negotiate_is_delivered()
    {
        using var client = await ConnectAsync();
        await client.SendAsync(SmbMessage.Request(SmbCommand.SMB_COM_NEGOTIATE, NegotiateRequest.Messenger));
        var negotiated = await client.ReadSmbAsync();
        Assert.Equal(0, Assert.IsType<NegotiateNtLmResponse>(negotiated.Body).DialectIndex);
        await client.SendAsync(SmbMessage.Request(SmbCommand.SMB_COM_SEND_MESSAGE, SendMessageRequest.Create("ALICE", "HOSTB", Wire.MessageText.Encode("one\ntwo"))));
        Assert.False((await client.ReadSmbAsync()).Header.IsError);
        Assert.Equal("one\ntwo", (await _fixture.NextMessageAsync())!.Text);
    }

    [Fact]
    public async Task Message_to_another_name_gets_ERRmsgoff_and_the_session_stays_up()
    {
        using var client = await ConnectAsync();
        await client.SendAsync(SmbMessage.Request(SmbCommand.SMB_COM_SEND_MESSAGE, SendMessageRequest.Create("ALICE", "CAROL", "hi"u8.ToArray())));
        var reply = await client.ReadSmbAsync();
        Assert.Equal(SmbDosError.ERRmsgoff, reply.Header.DosError);
        await client.SendAsync(SmbMessage.Request(SmbCommand.SMB_COM_GET_MACHINE_NAME, SmbEmptyBody.Instance));
        var machine = await client.ReadSmbAsync();
        Assert.Equal("HOSTB"u8.ToArray(), Assert.IsType<GetMachineNameResponse>(machine.Body).MachineName.ToArray());
    }

    [Fact]
    public async Task Text_block_without_a_start_is_an_invalid_parameter()
    {
        using var client = await ConnectAsync();
        await client.SendAsync(SmbMessage.Request(SmbCommand.SMB_COM_SEND_TEXT_MB_MESSAGE, SendTextMbRequest.Create(7, "x"u8.ToArray())));
        Assert.True((await client.ReadSmbAsync()).Header.IsError);
    }

    [Fact]
    public async Task Forwarding_is_refused_with_an_smb_error()
    {
        using var client = await ConnectAsync();
        await client.SendAsync(SmbMessage.Request(SmbCommand.SMB_COM_FORWARD_USER_NAME, ForwardedNameRequest.Create("ALICE")));
        Assert.True((await client.ReadSmbAsync()).Header.IsError);
    }

    [Fact]
    public async Task A_frame_declaring_more_than_the_limit_closes_only_that_connection()
    {
        using var bad = await ConnectAsync();
        await bad.SendAsync([0x00, 0x01, 0xFF, 0xFF]);
        Assert.Null(await bad.ReadAsync());
        Assert.Equal(1, _fixture.Counters.Malformed);
        using var good = await ConnectAsync();
        await good.SendAsync(SmbMessage.Request(SmbCommand.SMB_COM_SEND_MESSAGE, SendMessageRequest.Create("A", "HOSTB", "still here"u8.ToArray())));
        Assert.False((await good.ReadSmbAsync()).Header.IsError);
    }

    [Fact]
    public async Task Keepalives_are_accepted_silently()
    {
        using var client = await ConnectAsync();
        await client.SendAsync(SessionKeepAlivePacket.Instance.ToArray());
        await client.SendAsync(SmbMessage.Request(SmbCommand.SMB_COM_SEND_MESSAGE, SendMessageRequest.Create("A", "HOSTB", "x"u8.ToArray())));
        Assert.IsType<SessionMessagePacket>(await client.ReadAsync());
    }
}
