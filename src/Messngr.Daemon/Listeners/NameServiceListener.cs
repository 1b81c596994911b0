using System.Net;
using Messngr.Daemon.Names;
using Messngr.Wire.NetBios.NameService;
using Microsoft.Extensions.Logging;
using Messngr.Daemon.Core;

namespace Messngr.Daemon.Listeners;

/// <summary>
/// UDP 137: parses each datagram and hands it to the <see cref="NameService"/> (queries, node
/// status, defence, answers to our registrations), and sends the service's own packets from this
/// socket, so that they leave from port 137 with SO_BROADCAST (protocols.md §2.5, §2.7).
/// Malformed datagrams are dropped and counted, never answered.
/// </summary>
/// <remarks>
/// The daemon's stop signal does not end this listener's receive loop, only
/// <see cref="UdpListener.DisposeAsync"/> does: the name service releases its names after the
/// signal (RFC 1002 §5.1.2.4), and the WINS server's POSITIVE NAME RELEASE RESPONSE must still be
/// heard to end each release after one transmission instead of three, 1.5 s apart.
/// </remarks>
internal sealed class NameServiceListener : UdpListener, INbnsSender, IListener
{
    private readonly ILogger _logger;

    public NameServiceListener(IPEndPoint endPoint, NameService service, ListenerCounters counters, ILogger logger)
        : base("name service", endPoint, counters, logger)
    {
        Service = service;
        _logger = logger;
    }

    /// <summary>A listener that answers from <paramref name="names"/> and registers nothing until its <see cref="Service"/> is started.</summary>
    public NameServiceListener(IPEndPoint endPoint, LocalNames names, ListenerCounters counters, ILogger logger)
        : this(endPoint, NameService.AnswerOnly(names, endPoint.Address, logger), counters, logger)
    {
    }

    public NameService Service { get; }

    /// <summary>Binds and starts receiving until disposed, whatever <paramref name="cancellationToken"/> does (see remarks).</summary>
    void IListener.Start(CancellationToken cancellationToken) => Start(CancellationToken.None);

    /// <summary>Sends one of the name service's packets from UDP 137 (failures are logged, not thrown).</summary>
    public void Send(ReadOnlySpan<byte> datagram, IPEndPoint to) => Reply(datagram, to);

    protected override void Handle(ReadOnlySpan<byte> datagram, IPEndPoint from)
    {
        if (!NbnsPacket.TryParse(datagram, out var packet, out var error))
        {
            Counters.CountMalformed();
            DaemonLog.Malformed(_logger, Name, from, PacketErrorText.Of(error));
            return;
        }

        if (!Service.Handle(packet!, from, out var reply))
        {
            Counters.CountIgnored();
            return;
        }

        if (reply is not null)
        {
            // Responses always go to the request's source address and port (RFC 1002 §5.1.1.3).
            Reply(reply.ToArray(), from);
        }
    }
}
