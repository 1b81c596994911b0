using System.Net;
using System.Net.Sockets;
using Messngr.Wire;
using Messngr.Wire.NetBios;
using Messngr.Wire.NetBios.DatagramService;
using Messngr.Wire.Smb1.Mailslot;

namespace Messngr.Daemon.Sending.Transports;

/// <summary>
/// One <c>\MAILSLOT\MESSNGR</c> datagram on UDP 138 (protocols.md §3, §4): <c>net send *</c> and
/// <c>/domain</c> as DIRECT_GROUP to <c>WORKGROUP&lt;00&gt;</c> at the broadcast address, or a
/// directed message as DIRECT_UNIQUE to <c>NAME&lt;03&gt;</c> (§4.3). The path is unconfirmed:
/// success is <see cref="SendOutcome.AcceptedForBroadcast"/> once the datagram left.
/// </summary>
internal sealed class MailslotSender
{
    private readonly TransportSettings _settings;

    public MailslotSender(TransportSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _settings = settings.Validate();
    }

    /// <summary>
    /// Sends <paramref name="message"/> to <paramref name="destination"/> (unicast or broadcast
    /// address, port 138). A <paramref name="destinationName"/> with suffix 0x03 is a unique
    /// Messenger name (DIRECT_UNIQUE, 0x10); any other is taken as a group such as
    /// <c>WORKGROUP&lt;00&gt;</c> (DIRECT_GROUP, 0x11), whose text is limited to 128 characters as
    /// <c>net send *</c> does (§4.2). <paramref name="sourceIp"/> goes into the NBDS header.
    /// </summary>
    public async Task<TransportResult> SendAsync(IPEndPoint destination, NetBiosName source, NetBiosName destinationName, IPAddress sourceIp,
        ClassicMessage message, SendTrace? trace, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(destinationName);
        ArgumentNullException.ThrowIfNull(sourceIp);
        ArgumentNullException.ThrowIfNull(message);
        try
        {
            var unique = destinationName.Suffix == NetBiosName.SuffixMessenger;
            var payload = Prepare(message, group: !unique);
            using var socket = Open(destination, trace, out var sourcePort);
            var id = (ushort)Random.Shared.Next(1, ushort.MaxValue);
            MessengerDatagram datagram;
            try
            {
                datagram = unique
                    ? MessengerDatagram.CreateDirected(source, sourceIp, destinationName, payload, id)
                    : MessengerDatagram.CreateGroupBroadcast(source, sourceIp, destinationName, payload, id);
            }
            catch (ArgumentException ex)
            {
                throw new TransportFailure(SendOutcome.Invalid, ex.Message.Split(" (Parameter", 2)[0]);
            }

            // SOURCE_PORT says where replies/errors go: the port we really send from (§3.1).
            var bytes = WirePacket.ToArray<NbdsPacket>(datagram.Datagram with { SourcePort = (ushort)sourcePort });
            var kind = unique ? "DIRECT_UNIQUE" : "DIRECT_GROUP";
            trace?.Invoke($"mailslot: {kind} datagram {bytes.Length} bytes (id 0x{id:X4}) {source} → {destinationName} to udp {destination}");
            try
            {
                await socket.SendToAsync(bytes, SocketFlags.None, destination, cancellationToken).ConfigureAwait(false);
            }
            catch (SocketException ex)
            {
                var outcome = ex.SocketErrorCode == SocketError.AccessDenied ? SendOutcome.Invalid : SendOutcome.Unreachable;
                var why = ex.SocketErrorCode == SocketError.AccessDenied ? "broadcast not permitted on this socket" : NbssConnection.SocketText(ex);
                throw new TransportFailure(outcome, $"udp {destination}: {why}");
            }

            return new TransportResult(SendOutcome.AcceptedForBroadcast,
                $"sent a {kind} \\MAILSLOT\\MESSNGR datagram to {destinationName} at udp {destination}; this path gives no confirmation");
        }
        catch (TransportFailure failure)
        {
            trace?.Invoke($"mailslot: {failure.Result.Outcome}: {failure.Result.Detail}");
            return failure.Result;
        }
    }

    /// <summary>The From\0To\0Text\0 payload (§4.2), checked: 128 characters for a group broadcast, 424 bytes in all.</summary>
    private MessengerMailslotMessage Prepare(ClassicMessage message, bool group)
    {
        var oem = _settings.Oem;
        var from = ClassicText.EncodeName(message.From, oem, "sender name");
        var to = ClassicText.EncodeName(message.To, oem, "recipient name");
        if (group && message.Text.Length > MessageLimits.BroadcastCharacters)
        {
            throw new TransportFailure(SendOutcome.Invalid,
                $"broadcast messages are limited to {MessageLimits.BroadcastCharacters} characters (net send *, [MS-MSRP] 3.2.4.1 NERR_TruncatedBroadcast); this one has {message.Text.Length}");
        }

        var text = ClassicText.EncodeText(message.Text, oem, _settings.WindowsLineBreaks);
        var total = from.Length + 1 + to.Length + 1 + text.Length + 1;
        if (total > MessageLimits.MailslotPayloadBytes)
        {
            throw new TransportFailure(SendOutcome.Invalid,
                $"the mailslot payload (sender, recipient, text and their NULs) is {total} bytes; a \\MAILSLOT\\MESSNGR datagram carries at most {MessageLimits.MailslotPayloadBytes} ([MS-MAIL] 2.1): shorten the text by {total - MessageLimits.MailslotPayloadBytes} bytes or send it over SMB");
        }

        try
        {
            return new MessengerMailslotMessage { From = from, To = to, Text = text };
        }
        catch (ArgumentException ex)
        {
            throw new TransportFailure(SendOutcome.Invalid, ex.Message.Split(" (Parameter", 2)[0]);
        }
    }

    /// <summary>
    /// A UDP socket with SO_BROADCAST, bound to <see cref="TransportSettings.DatagramPort"/> (138),
    /// or to an ephemeral port when that is taken. Never shared (issue #12, item 1): with
    /// SO_REUSEADDR the socket would take part of the datagrams meant for the daemon (ours, nmbd)
    /// holding 138 for as long as it is open.
    /// </summary>
    private Socket Open(IPEndPoint destination, SendTrace? trace, out int sourcePort)
    {
        var any = destination.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any;
        var socket = new Socket(destination.AddressFamily, SocketType.Dgram, ProtocolType.Udp) { EnableBroadcast = true };
        string? why = null;
        if (_settings.DatagramPort != 0)
        {
            try
            {
                socket.Bind(new IPEndPoint(any, _settings.DatagramPort));
            }
            catch (SocketException ex)
            {
                why = $"udp {_settings.DatagramPort} unavailable ({ex.SocketErrorCode})";
                socket.Dispose();
                socket = new Socket(destination.AddressFamily, SocketType.Dgram, ProtocolType.Udp) { EnableBroadcast = true };
            }
        }

        if (!socket.IsBound)
        {
            try
            {
                socket.Bind(new IPEndPoint(any, 0));
            }
            catch (SocketException ex)
            {
                socket.Dispose();
                throw new TransportFailure(SendOutcome.Unreachable, $"cannot open a UDP socket: {NbssConnection.SocketText(ex)}");
            }
        }

        sourcePort = ((IPEndPoint)socket.LocalEndPoint!).Port;
        trace?.Invoke(sourcePort == _settings.DatagramPort
            ? $"mailslot: sending from udp port {sourcePort} (the datagram service port)"
            : $"mailslot: sending from ephemeral udp port {sourcePort}{(why is null ? "" : "; " + why)}");
        return socket;
    }
}
