using System.Net;
using Messngr.Daemon.Messages;
using Messngr.Wire;
using Messngr.Wire.NetBios.DatagramService;
using Messngr.Wire.Smb1.Mailslot;
using Microsoft.Extensions.Logging;
using Messngr.Daemon.Core;

namespace Messngr.Daemon.Listeners;

/// <summary>
/// UDP 138: <c>\MAILSLOT\MESSNGR</c> writes (protocols.md §3–4) to one of our <c>&lt;03&gt;</c>
/// names (directed) or to our workgroup (<c>net send *</c>, <c>/domain</c>); which datagrams are
/// ours is <see cref="Recipient"/>'s rule. Bytes after the text's NUL are tolerated and counted
/// (<see cref="ListenerCounters.ToleratedTrailingBytes"/>). The datagram service sends nothing
/// back (no DATAGRAM ERROR either, like nmbd, protocols.md §3.4).
/// </summary>
internal sealed class DatagramListener : UdpListener
{
    private readonly LocalNames _names;
    private readonly MessagePipeline _pipeline;
    private readonly ILogger _logger;

    public DatagramListener(IPEndPoint endPoint, LocalNames names, MessagePipeline pipeline, ListenerCounters counters, ILogger logger)
        : base("datagram service", endPoint, counters, logger)
    {
        _names = names;
        _pipeline = pipeline;
        _logger = logger;
    }

    protected override void Handle(ReadOnlySpan<byte> datagram, IPEndPoint from)
    {
        if (!MessengerDatagram.TryParse(datagram, out var messenger, out var error))
        {
            // Browse announcements and other mailslots are well-formed but not ours.
            if (error == PacketError.UnknownType && NbdsPacket.TryParse(datagram, out _, out _))
            {
                Counters.CountIgnored();
            }
            else
            {
                Counters.CountMalformed();
                DaemonLog.Malformed(_logger, Name, from, PacketErrorText.Of(error));
            }

            return;
        }

        if (Recipient(messenger) is not { } to)
        {
            Counters.CountIgnored();
            return;
        }

        if (messenger.Message.HasTrailingBytes)
        {
            // text\0\0, a fixed-size buffer, padding: parsed tolerantly, counted, never dropped (item 9).
            Counters.CountToleratedTrailingBytes();
        }

        var message = new ReceivedMessage(
            messenger.Message.GetFrom(_names.Oem),
            to,
            messenger.Message.GetText(_names.Oem),
            MessageTransport.Mailslot,
            from,
            DateTimeOffset.UtcNow);
        if (!_pipeline.TryPublish(message))
        {
            DaemonLog.MessageDropped(_logger, from);
        }
    }

    /// <summary>
    /// The canonical name the datagram is for (the name that matched, not the raw To field), or
    /// null when it is not for us (docs/classic-conformance.md, issue #11 item 10):
    /// <list type="bullet">
    /// <item>DIRECT_UNIQUE (0x10): the NBDS destination is one of our registered unique names and
    /// the payload's To one of our <c>&lt;03&gt;</c> names.</item>
    /// <item>DIRECT_GROUP (0x11): the NBDS destination is, all 16 bytes with its suffix, a name we
    /// hold registered — in practice the workgroup <c>LAB&lt;00&gt;</c> — as nmbd's
    /// <c>listening()</c> asks; <c>LAB&lt;1E&gt;</c>, <c>&lt;1D&gt;</c>, <c>&lt;1B&gt;</c>,
    /// <c>&lt;20&gt;</c>, <c>&lt;03&gt;</c> and <c>*</c> are other services' groups, never ours.
    /// The payload's To is one of our <c>&lt;03&gt;</c> names or the workgroup.</item>
    /// <item>BROADCAST (0x12): NetBIOS Send Broadcast Datagram is for every node, received by
    /// every Receive Broadcast Datagram whatever name it was issued for (RFC 1001's datagram
    /// service; NCBDGSENDBC/NCBDGRECVBC), so its NBDS destination is not looked at, whatever it
    /// says; the payload's To decides as for a group datagram.</item>
    /// </list>
    /// </summary>
    private string? Recipient(MessengerDatagram messenger)
    {
        var destination = messenger.Datagram.DestinationName;
        var to = messenger.Message.To.Span;
        return messenger.Datagram.MessageType switch
        {
            NbdsMessageType.DIRECT_UNIQUE_DATAGRAM =>
                _names.Find(destination) is { IsGroup: false } ? _names.MatchRecipient(to, includeWorkgroup: false) : null,
            NbdsMessageType.DIRECT_GROUP_DATAGRAM =>
                _names.Find(destination) is not null ? _names.MatchRecipient(to, includeWorkgroup: true) : null,
            // Its destination name is not looked at, but a datagram in another scope is not for us (issue #11, item 1).
            NbdsMessageType.BROADCAST_DATAGRAM => _names.InScope(destination) ? _names.MatchRecipient(to, includeWorkgroup: true) : null,
            _ => null,
        };
    }
}
