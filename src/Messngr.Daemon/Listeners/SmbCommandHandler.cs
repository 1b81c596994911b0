using System.Net;
using Messngr.Daemon.Messages;
using Messngr.Wire;
using Messngr.Wire.Smb1;
using Messngr.Daemon.Core;

namespace Messngr.Daemon.Listeners;

/// <summary>
/// The SMB1 message commands of one session ([MS-MSRP] 2.2.3, 3.2.4.5; protocols.md §6):
/// NEGOTIATE (answered so that Windows-style senders can follow with 0xD0), 0xD0 single block,
/// 0xD5/0xD7/0xD6 multi-block (any number of messages per connection), 0xD1 broadcast, 0xD4 get
/// machine name; 0xD2/0xD3 forwarding is not offered (ERRSRV/ERRbadcmd, as Samba answers).
/// A message is acknowledged only after the pipeline took it; a full pipeline answers ERRnoroom.
/// </summary>
internal sealed class SmbCommandHandler
{
    private readonly LocalNames _names;
    private readonly MessagePipeline _pipeline;
    private readonly IPEndPoint _peer;
    private readonly ListenerCounters? _counters;
    private readonly System.Buffers.ArrayBufferWriter<byte> _multiBlockText = new(256);
    private string? _multiBlockFrom;
    private string? _multiBlockTo;
    private ushort _groupId;
    private static readonly byte[] SmbMagic = [0xFF, (byte)'S', (byte)'M', (byte)'B'];
    private long _multiBlockDropped;
    private bool _negotiated;
    private ReceivedMessage? _toPublish;

    /// <summary>Appended to a multi-block message cut at the cap (issue #11 item 7).</summary>
    internal static string TruncationMark(long dropped) =>
        FormattableString.Invariant($"\n[truncated by messngr: {dropped} more bytes over the {MessageLimits.MultiBlockMessageBytes}-byte limit were not kept]");

    public SmbCommandHandler(LocalNames names, MessagePipeline pipeline, IPEndPoint peer, ListenerCounters? counters = null)
    {
        _counters = counters;
        _names = names;
        _pipeline = pipeline;
        _peer = peer;
    }

    /// <summary>The reply to one SMB (NBSS-framed, or null) and whether the session ends after it.</summary>
    internal readonly record struct Outcome(byte[]? Reply, bool Close, string? Reason);

    /// <summary>Handles one SMB. Message commands complete only once the message is committed.</summary>
    public async ValueTask<Outcome> HandleAsync(ReadOnlyMemory<byte> payload)
    {
        if (!SmbMessage.TryParse(payload.Span, out var request, out var error))
        {
            // A header we can read gets an error reply and the session goes on ([MS-MSRP] 3.2.4.5;
            // issue #11 item 5); anything else (SMB2, garbage) ends the session. (The magic is
            // compared byte by byte: a u8 literal would encode \xFF as two UTF-8 bytes.)
            if (payload.Length >= SmbHeader.Length && payload.Span[..4].SequenceEqual(SmbMagic) && TryReadHeader(payload.Span, out var header))
            {
                return new Outcome(SmbErrorReplies.InvalidParameter(header).ToSessionMessage(), false, null);
            }

            return new Outcome(null, true, SmbMessage.IsSmb2(payload.Span) ? "SMB2 is not spoken here" : $"malformed SMB ({PacketErrorText.Of(error)})");
        }

        var h = request!.Header;
        if (h.IsReply)
        {
            // A reply where a request belongs is a malformed request: error reply, session kept (issue #11 item 5).
            return new Outcome(SmbErrorReplies.InvalidParameter(h).ToSessionMessage(), false, null);
        }

        if (h.Command == SmbCommand.SMB_COM_NEGOTIATE)
        {
            // One NEGOTIATE per connection: smbd ends the connection at a second one ("multiple
            // negprot's are not permitted", observed), and so do we (issue #11 item 6).
            if (_negotiated)
            {
                return new Outcome(null, true, "second NEGOTIATE");
            }

            _negotiated = true;
        }

        var reply = request.Body switch
        {
            NegotiateRequest negotiate => Negotiate(h, negotiate),
            SendMessageRequest single when h.Command == SmbCommand.SMB_COM_SEND_MESSAGE => Single(h, single, broadcast: false),
            SendMessageRequest broadcast when h.Command == SmbCommand.SMB_COM_SEND_BROADCAST_MESSAGE => Single(h, broadcast, broadcast: true),
            SendStartMbRequest start => Start(h, start),
            SendTextMbRequest text => Text(h, text),
            SendEndMbRequest end => End(h, end),
            _ when h.Command == SmbCommand.SMB_COM_GET_MACHINE_NAME =>
                SmbMessage.Reply(h, new GetMachineNameResponse(_names.All[0].Name.NameBytes.TrimEnd((byte)' ').ToArray())),
            _ => SmbErrorReplies.UnknownCommand(h),
        };
        if (_toPublish is { } message)
        {
            _toPublish = null;
            var stored = await _pipeline.PublishAsync(message).ConfigureAwait(false);
            reply = stored is not null ? SmbMessage.Reply(h, SmbEmptyBody.Instance) : SmbErrorReplies.NoRoom(h);
        }

        return new Outcome(reply.ToSessionMessage(), false, null);
    }

    private static bool TryReadHeader(ReadOnlySpan<byte> payload, out SmbHeader header)
    {
        try
        {
            var reader = new WireReader(payload);
            header = SmbHeader.Read(ref reader);
            return true;
        }
        catch (MalformedPacketException)
        {
            header = default;
            return false;
        }
    }

    private SmbMessage Negotiate(SmbHeader h, NegotiateRequest negotiate)
    {
        var index = negotiate.IndexOf(NegotiateRequest.NtLm012);
        if (index < 0)
        {
            return SmbMessage.Reply(h, NegotiateCoreResponse.None);
        }

        // No authentication follows: messaging needs no session setup ([MS-MSRP] 2.1.3).
        var body = NegotiateNtLmResponse.Create((ushort)index, ReadOnlyMemory<byte>.Empty, _names.Workgroup.GetName(_names.Oem), _names.All[0].Name.GetName(_names.Oem), DateTime.UtcNow, oem: _names.Oem);
        return SmbMessage.Reply(h, body);
    }

    private SmbMessage Single(SmbHeader h, SendMessageRequest request, bool broadcast)
    {
        // The recipient kept is the name that matched, never the rest of the destination field.
        if (Recipient(request.Destination.Span, broadcast) is not { } to)
        {
            _counters?.CountUnknownRecipient();
            return SmbErrorReplies.NotReceiving(h);
        }

        var text = Wire.MessageText.Decode(request.Data.Span, _names.Oem);
        return Publish(h, request.GetOriginator(_names.Oem), to, text);
    }

    /// <summary>
    /// The canonical recipient of a message command, or null when it is not ours. 0xD1 (SMB-CORE §6,
    /// protocols.md §6.3: destination typically <c>*</c>) passes the same check as 0xD0, with the
    /// workgroup allowed and <c>*</c> standing for the workgroup.
    /// </summary>
    private string? Recipient(ReadOnlySpan<byte> destination, bool broadcast)
    {
        if (broadcast && destination.Trim((byte)' ').SequenceEqual("*"u8))
        {
            return _names.Find(_names.Workgroup) is not null ? _names.Workgroup.GetName(_names.Oem) : null;
        }

        return _names.MatchRecipient(destination, includeWorkgroup: broadcast);
    }

    private SmbMessage Start(SmbHeader h, SendStartMbRequest start)
    {
        if (_names.MatchRecipient(start.Destination.Span, includeWorkgroup: false) is not { } to)
        {
            _counters?.CountUnknownRecipient();
            return SmbErrorReplies.NotReceiving(h);
        }

        _multiBlockFrom = start.GetOriginator(_names.Oem);
        _multiBlockTo = to;
        _multiBlockText.Clear();
        _multiBlockDropped = 0;
        // [MS-MSRP] 2.2.3.2.2: any server-chosen 16-bit value, echoed by the client; counted per
        // session (issue #11 item 7), never 0, which Samba's clients send when they got none.
        _groupId = (ushort)(_groupId % ushort.MaxValue + 1);
        return SmbMessage.Reply(h, new SendStartMbResponse(_groupId));
    }

    private SmbMessage Text(SmbHeader h, SendTextMbRequest text)
    {
        // The group id is not checked (issue #11 item 7): Samba ignores it, and its own D5 reply
        // carries none, so its clients send 0; one session holds one multi-block message at a time.
        if (_multiBlockFrom is null)
        {
            return SmbErrorReplies.InvalidParameter(h);
        }

        // Over the cap the rest is counted, not kept: the message is delivered with a visible
        // truncation mark. (smbd 4.17 keeps every byte; our cap bounds memory per session.)
        var room = MessageLimits.MultiBlockMessageBytes - _multiBlockText.WrittenCount;
        var kept = Math.Min(room, text.Data.Length);
        System.Buffers.BuffersExtensions.Write(_multiBlockText, text.Data.Span[..kept]);
        _multiBlockDropped += text.Data.Length - kept;
        return SmbMessage.Reply(h, SmbEmptyBody.Instance);
    }

    private SmbMessage End(SmbHeader h, SendEndMbRequest end)
    {
        // end.MessageGroupId is not checked, as in Text.
        if (_multiBlockFrom is null)
        {
            return SmbErrorReplies.InvalidParameter(h);
        }

        var text = Wire.MessageText.Decode(_multiBlockText.WrittenSpan, _names.Oem);
        if (_multiBlockDropped > 0)
        {
            text += TruncationMark(_multiBlockDropped);
        }

        var reply = Publish(h, _multiBlockFrom, _multiBlockTo!, text);
        _multiBlockFrom = null;
        _multiBlockText.Clear();
        _multiBlockDropped = 0;
        return reply;
    }

    // The complete message is handed to the pipeline by HandleAsync, which replies after the commit.
    private SmbMessage Publish(SmbHeader h, string from, string to, string text)
    {
        _toPublish = new ReceivedMessage(from, to, text, MessageTransport.Smb, _peer, DateTimeOffset.UtcNow);
        return SmbMessage.Reply(h, SmbEmptyBody.Instance);
    }
}
