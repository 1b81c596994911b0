using System.Text;
using Messngr.Wire.Smb1;
using Messngr.Wire.Tests.Support;

namespace Messngr.Wire.Tests.Smb1;

public class SmbMessageTests
{
    private const string ZeroHeaderTail = "00 0000 0000 0000000000000000 0000 0000";

    private static SmbMessage Check(string hex) => Golden.Check(Hex.Parse(hex), SmbCaptureTests.ParseSmb, SmbCaptureTests.EncodeSmb);

    [Fact]
    public void Smbclient_multi_block_requests_from_the_reference_read_and_write()
    {
        // protocols.md §6.4 (observed, mgid 0x1234, PID 0x4cba).
        var start = SmbMessage.Request(SmbCommand.SMB_COM_SEND_START_MB_MESSAGE, SendStartMbRequest.Create("alice", "RecvPC"), pidLow: 0x4cba);
        Assert.Equal(Hex.Format(Hex.Parse($"ff534d42 d5 00000000 {ZeroHeaderTail} ba4c 0000 0000 | 00 0f00 04 616c69636500 04 526563765043 00")), Hex.Format(start.ToArray()));
        Assert.Equal(start, Check(Hex.Format(start.ToArray())));

        var text = SmbMessage.Request(SmbCommand.SMB_COM_SEND_TEXT_MB_MESSAGE, SendTextMbRequest.Create(0x1234, new byte[50]));
        Assert.Equal("01341235000132", Hex.Format(text.ToArray().AsSpan(32, 7)));
        var end = SmbMessage.Request(SmbCommand.SMB_COM_SEND_END_MB_MESSAGE, new SendEndMbRequest(0x1234));
        Assert.Equal("0134120000", Hex.Format(end.ToArray().AsSpan(32)));
    }

    [Fact]
    public void Single_block_request_has_the_MS_MSRP_layout()
    {
        var data = Encoding.ASCII.GetBytes("hi");
        var message = SmbMessage.Request(SmbCommand.SMB_COM_SEND_MESSAGE, SendMessageRequest.Create("ALICE", "BOB", data));
        Assert.Equal("00 1100 04 414c49434500 04 424f4200 01 0200 6869".Replace(" ", "", StringComparison.Ordinal), Hex.Format(message.ToArray().AsSpan(32)));
        Assert.Equal(message, Check(Hex.Format(message.ToArray())));
    }

    [Fact]
    public void Broadcast_uses_the_single_block_layout()
    {
        var message = SmbMessage.Request(SmbCommand.SMB_COM_SEND_BROADCAST_MESSAGE, SendMessageRequest.Create("ALICE", "*", "x"u8.ToArray()));
        Assert.IsType<SendMessageRequest>(Check(Hex.Format(message.ToArray())).Body);
    }

    [Fact]
    public void Replies_to_message_commands_are_empty_blocks()
    {
        var request = SmbHeader.ForRequest(SmbCommand.SMB_COM_SEND_MESSAGE, pidLow: 7, mid: 9) with { Flags = SmbFlags.SMB_FLAGS_CASE_INSENSITIVE };
        var reply = SmbMessage.Reply(request, SmbEmptyBody.Instance);
        Assert.Equal($"ff534d42d0000000008800000000000000000000000000000000070000000900 000000".Replace(" ", "", StringComparison.Ordinal), Hex.Format(reply.ToArray()));
        Assert.Equal(reply, Check(Hex.Format(reply.ToArray())));
    }

    [Fact]
    public void Start_reply_carries_the_group_id_or_nothing_like_samba()
    {
        var request = SmbHeader.ForRequest(SmbCommand.SMB_COM_SEND_START_MB_MESSAGE);
        Assert.Equal("01341200 00", Hex.Format(SmbMessage.Reply(request, new SendStartMbResponse(0x1234)).ToArray().AsSpan(32)).Insert(8, " "));
        var samba = Check(Hex.Format(SmbMessage.Reply(request, new SendStartMbResponse(null)).ToArray()));
        Assert.Equal(0, Assert.IsType<SendStartMbResponse>(samba.Body).EffectiveMessageGroupId);
        Assert.Equal((ushort?)0x1234, Assert.IsType<SendStartMbResponse>(Check(Hex.Format(SmbMessage.Reply(request, new SendStartMbResponse(0x1234)).ToArray())).Body).MessageGroupId);
    }

    [Fact]
    public void Forward_cancel_and_get_machine_name_have_the_wireshark_shapes()
    {
        var forward = SmbMessage.Request(SmbCommand.SMB_COM_FORWARD_USER_NAME, ForwardedNameRequest.Create("ALICE"));
        Assert.Equal("000700" + "04414c49434500", Hex.Format(forward.ToArray().AsSpan(32)));
        Assert.Equal(forward, Check(Hex.Format(forward.ToArray())));
        var cancel = SmbMessage.Request(SmbCommand.SMB_COM_CANCEL_FORWARD, ForwardedNameRequest.Create("ALICE"));
        Assert.Equal(cancel, Check(Hex.Format(cancel.ToArray())));

        var get = SmbMessage.Request(SmbCommand.SMB_COM_GET_MACHINE_NAME, SmbEmptyBody.Instance);
        Assert.Equal("000000", Hex.Format(get.ToArray().AsSpan(32)));
        Assert.Equal(get, Check(Hex.Format(get.ToArray())));
        var answer = SmbMessage.Reply(get.Header, GetMachineNameResponse.Create("HOSTB"));
        Assert.Equal("000700" + "04484f53544200", Hex.Format(answer.ToArray().AsSpan(32)));
        Assert.Equal("HOSTB", Assert.IsType<GetMachineNameResponse>(Check(Hex.Format(answer.ToArray())).Body).GetMachineName());
    }

    [Fact]
    public void Messenger_error_replies_use_the_dos_form_for_dos_clients()
    {
        var request = SmbHeader.ForRequest(SmbCommand.SMB_COM_SEND_MESSAGE, pidLow: 0x2346);
        var reply = SmbErrorReplies.NotReceiving(request);
        Assert.Equal($"ff534d42 d0 02 00 5200 80 0000 0000 0000000000000000 0000 0000 4623 0000 0000 00 0000".Replace(" ", "", StringComparison.Ordinal), Hex.Format(reply.ToArray()));
        var read = Check(Hex.Format(reply.ToArray()));
        Assert.Equal(SmbDosError.ERRmsgoff, read.Header.DosError);
        Assert.Equal("ERRSRV/0x0052", read.Header.DosError.ToString());
        Assert.Equal(SmbDosError.ERRnoroom, SmbErrorReplies.NoRoom(request).Header.DosError);
        Assert.Equal(SmbDosError.ERRpaused, SmbErrorReplies.Paused(request).Header.DosError);
        Assert.Equal(SmbDosError.ERRrmuns, SmbErrorReplies.TooManyNames(request).Header.DosError);
        Assert.Equal(new SmbDosError(SmbErrorClass.ERRSRV, 0x16), SmbErrorReplies.UnknownCommand(request).Header.DosError);
        Assert.Equal(new SmbDosError(SmbErrorClass.ERRDOS, 0x47), SmbErrorReplies.RequestNotAccepted(request).Header.DosError);
        Assert.Equal(new SmbDosError(SmbErrorClass.ERRDOS, 0x57), SmbErrorReplies.InvalidParameter(request).Header.DosError);
    }

    [Fact]
    public void Messenger_error_replies_use_ntstatus_for_clients_that_ask()
    {
        var request = SmbHeader.ForRequest(SmbCommand.SMB_COM_SEND_START_MB_MESSAGE) with { Flags2 = SmbFlags2.SMB_FLAGS2_NT_STATUS };
        var reply = SmbErrorReplies.NotReceiving(request);
        Assert.Equal("ff534d42d5d00000c0800040", Hex.Format(reply.ToArray().AsSpan(0, 12)));
        var read = Check(Hex.Format(reply.ToArray()));
        Assert.Equal(NtStatus.STATUS_REQUEST_NOT_ACCEPTED, read.Header.NtStatus);
        Assert.Null(read.Header.DosError);
        Assert.Equal(NtStatus.STATUS_DISK_FULL, SmbErrorReplies.NoRoom(request).Header.NtStatus);
        // An unknown command is a DOS error even to a client asking NT status, as smbd's reply_force_doserror (issue #11 item 6).
        Assert.Equal(new SmbDosError(SmbErrorClass.ERRSRV, 0x16), SmbErrorReplies.UnknownCommand(request).Header.DosError);
        Assert.Equal(NtStatus.STATUS_INVALID_PARAMETER, SmbErrorReplies.InvalidParameter(request).Header.NtStatus);
    }

    [Fact]
    public void Negotiate_request_matches_impacket_and_finds_nt_lm_012()
    {
        var message = SmbMessage.Request(SmbCommand.SMB_COM_NEGOTIATE, NegotiateRequest.Messenger);
        Assert.Equal("000c00024e54204c4d20302e313200", Hex.Format(message.ToArray().AsSpan(32)));
        var offer = new NegotiateRequest(["PC NETWORK PROGRAM 1.0", "LANMAN1.0", "NT LM 0.12"]);
        Assert.Equal(2, offer.IndexOf(NegotiateRequest.NtLm012));
        Assert.Equal(-1, offer.IndexOf("SMB 2.002"));
        Assert.Equal(offer, Check(Hex.Format(SmbMessage.Request(SmbCommand.SMB_COM_NEGOTIATE, offer).ToArray())).Body);
    }

    [Fact]
    public void Negotiate_without_a_common_dialect_answers_0xFFFF()
    {
        var reply = SmbMessage.Reply(SmbHeader.ForRequest(SmbCommand.SMB_COM_NEGOTIATE), NegotiateCoreResponse.None);
        Assert.Equal("01ffff0000", Hex.Format(reply.ToArray().AsSpan(32)));
        Assert.Equal(NegotiateCoreResponse.NoDialect, Assert.IsType<NegotiateCoreResponse>(Check(Hex.Format(reply.ToArray())).Body).DialectIndex);
    }

    [Fact]
    public void Negotiate_nt_lm_response_built_by_us_reads_back_with_its_names()
    {
        var now = new DateTime(2026, 11, 23, 17, 50, 15, DateTimeKind.Utc);
        var body = NegotiateNtLmResponse.Create(0, new byte[] { 1, 2, 3, 4, 5, 6, 7, 8 }, "LAB", "HOSTB", now);
        var reply = SmbMessage.Reply(SmbHeader.ForRequest(SmbCommand.SMB_COM_NEGOTIATE), body);
        var read = Assert.IsType<NegotiateNtLmResponse>(Check(Hex.Format(reply.ToArray())).Body);
        Assert.Equal(body, read);
        Assert.Equal(17, read.WordCount);
        Assert.Equal(now, read.SystemTimeUtc);
        Assert.True(read.TryGetNames(out var domain, out var server));
        Assert.Equal(("LAB", "HOSTB"), (domain, server));
    }

    [Fact]
    public void Other_negotiate_replies_and_unknown_commands_are_kept_raw()
    {
        var lanman = SmbMessage.Reply(SmbHeader.ForRequest(SmbCommand.SMB_COM_NEGOTIATE), new SmbRawBody(new byte[26], new byte[] { 9 }));
        Assert.IsType<SmbRawBody>(Check(Hex.Format(lanman.ToArray())).Body);
        var transaction = SmbMessage.Request(SmbCommand.SMB_COM_TRANSACTION, new SmbRawBody(new byte[34], "\\MAILSLOT\\MESSNGR\0"u8.ToArray()));
        Assert.Equal(transaction, Check(Hex.Format(transaction.ToArray())));
        var unknown = SmbMessage.Request((SmbCommand)0x99, SmbRawBody.Empty);
        Assert.Equal(unknown, Check(Hex.Format(unknown.ToArray())));
    }

    [Fact]
    public void Header_keeps_every_field_byte_for_byte()
    {
        var header = new SmbHeader((SmbCommand)0xD5, 0xC00000D0, (SmbFlags)0xFF, (SmbFlags2)0xFFFF, 0x0102, 0x0807060504030201, 0x0A09, 0x0C0B, 0x0E0D, 0x100F, 0x1211);
        var bytes = WirePacket.ToArray(header);
        Assert.Equal("ff534d42d5d00000c0ffffff0201010203040506070809 0a0b0c0d0e0f101112".Replace(" ", "", StringComparison.Ordinal), Hex.Format(bytes));
        Assert.True(WirePacket.TryParse<SmbHeader>(bytes, out var read, out _));
        Assert.Equal(header, read);
    }

    [Fact]
    public void Factories_enforce_the_spec_limits_and_name_the_value()
    {
        var ex = Assert.Throws<ArgumentException>(() => SendMessageRequest.Create("ABCDEFGHIJKLMNOP", "B", default));
        Assert.Contains("ABCDEFGHIJKLMNOP", ex.Message, StringComparison.Ordinal);
        Assert.Contains("15", ex.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => SendMessageRequest.Create("A", "B", new byte[MessageLimits.SmbBlockBytes + 1]));
        Assert.Throws<ArgumentException>(() => SendTextMbRequest.Create(0, new byte[MessageLimits.SmbBlockBytes + 1]));
        Assert.Throws<ArgumentException>(() => SendStartMbRequest.Create("A\0B", "B"));
        Assert.Contains("U+20AC", Assert.Throws<ArgumentException>(() => SendStartMbRequest.Create("€", "B")).Message, StringComparison.Ordinal);
        Assert.Equal(MessageLimits.SmbBlockBytes, SendTextMbRequest.Create(0, new byte[MessageLimits.SmbBlockBytes]).Data.Length);
        Assert.Equal(15, SendStartMbRequest.Create("ABCDEFGHIJKLMNO", "äöü").Originator.Length);
        Assert.Equal(new byte[] { 0x84, 0x94, 0x81 }, SendStartMbRequest.Create("A", "äöü").Destination.ToArray());
    }

    [Fact]
    public void Constructors_enforce_the_read_limits()
    {
        Assert.Throws<ArgumentException>(() => new SendStartMbRequest(new byte[SmbLimits.MaxNameBytes + 1], default));
        Assert.Throws<ArgumentException>(() => new SendMessageRequest(default, new byte[] { 0x41, 0 }, default));
        Assert.Throws<ArgumentException>(() => new SendTextMbRequest(0, new byte[SmbLimits.MaxBlockBytes + 1]));
        Assert.Throws<ArgumentException>(() => new SmbRawBody(new byte[3], default));
        Assert.Throws<ArgumentException>(() => new NegotiateRequest(["bad\0dialect"]));
        Assert.Throws<ArgumentException>(() => new NegotiateRequest(Enumerable.Repeat("X", SmbLimits.MaxDialects + 1).ToList()));
        // Tolerated on read: a 200-byte block and a 40-byte user name (smbclient -U is unchecked).
        var tolerant = SmbMessage.Request(SmbCommand.SMB_COM_SEND_MESSAGE, new SendMessageRequest(new byte[40].Select(_ => (byte)'u').ToArray(), "B"u8.ToArray(), new byte[200]));
        Check(Hex.Format(tolerant.ToArray()));
    }

    [Fact]
    public void Session_message_wraps_the_smb_for_tcp_139()
    {
        var message = SmbMessage.Request(SmbCommand.SMB_COM_SEND_END_MB_MESSAGE, new SendEndMbRequest(0));
        var frame = message.ToSessionMessage();
        Assert.Equal("00000025", Hex.Format(frame.AsSpan(0, 4)));
        Assert.Equal(message.ToArray(), frame[4..]);
    }
}
