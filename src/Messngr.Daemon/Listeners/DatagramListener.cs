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
/// names (directed) or to our workgroup (<c>net send *</c>, <c>/domain</c>). The datagram service
/// sends nothing back (no DATAGRAM ERROR either, like nmbd, protocols.md §3.4).
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

    /// <summary>The canonical name the datagram is for (the name that matched, not the raw To field), or null when it is not for us.</summary>
    private string? Recipient(MessengerDatagram messenger)
    {
        var destination = messenger.Datagram.DestinationName;
        var to = messenger.Message.To.Span;
        if (messenger.Datagram.MessageType == NbdsMessageType.DIRECT_UNIQUE_DATAGRAM)
        {
            // Directed: NBDS destination must be ours; the payload's To must be one of our names.
            return _names.Find(destination) is { IsGroup: false } ? _names.MatchRecipient(to, includeWorkgroup: false) : null;
        }

        // Group or broadcast: to our workgroup (or NetBIOS broadcast '*'); To is the workgroup or one of our names.
        var toOurGroup = _names.InScope(destination) && (destination.IsWildcard || destination.NameBytes.SequenceEqual(_names.Workgroup.NameBytes));
        return toOurGroup ? _names.MatchRecipient(to, includeWorkgroup: true) : null;
    }
}
