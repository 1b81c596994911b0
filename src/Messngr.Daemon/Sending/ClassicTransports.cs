using System.Net;
using Messngr.Daemon.Resolution;
using Messngr.Daemon.Sending.Transports;
using Messngr.Wire.NetBios;

namespace Messngr.Daemon.Sending;

/// <summary>The real wire paths behind <see cref="MessageSender"/>: SMB, RPC and mailslot senders and node status.</summary>
internal sealed class ClassicTransports : IClassicTransports
{
    private readonly SmbMessageSender _smb;
    private readonly RpcMessageSender _rpc;
    private readonly MailslotSender _mailslot;
    private readonly ResolutionSettings _resolution;

    public ClassicTransports(TransportSettings transport, ResolutionSettings resolution)
    {
        _smb = new SmbMessageSender(transport);
        _rpc = new RpcMessageSender(transport);
        _mailslot = new MailslotSender(transport);
        _resolution = resolution;
    }

    public Task<TransportResult> SmbAsync(IPEndPoint endpoint, NetBiosName called, NetBiosName calling, ClassicMessage message, SendTrace? trace, SendDeadline deadline, CancellationToken cancellationToken) =>
        _smb.SendAsync(endpoint, called, calling, message, trace, deadline, cancellationToken);

    public Task<TransportResult> RpcAsync(IPEndPoint endpoint, ClassicMessage message, SendTrace? trace, CancellationToken cancellationToken) =>
        _rpc.SendAsync(endpoint, message, trace, cancellationToken);

    public Task<TransportResult> MailslotAsync(IPEndPoint endpoint, NetBiosName source, NetBiosName destination, IPAddress sourceAddress, ClassicMessage message, SendTrace? trace, CancellationToken cancellationToken) =>
        _mailslot.SendAsync(endpoint, source, destination, sourceAddress, message, trace, cancellationToken);

    /// <summary>
    /// Node status (RFC 1002 4.2.17/18): the active unique <c>&lt;03&gt;</c> name equal to the
    /// machine's unique <c>&lt;00&gt;</c> computer name, else its first active unique <c>&lt;03&gt;</c> name.
    /// </summary>
    public async Task<NetBiosName?> MessengerNameAtAsync(IPAddress address, SendTrace? trace, CancellationToken cancellationToken)
    {
        var status = await NodeStatusClient.QueryAsync(address, _resolution, cancellationToken).ConfigureAwait(false);
        if (!status.Answered)
        {
            trace?.Invoke($"node status: no answer from {address}");
            return null;
        }

        var usable = status.Names.Where(n => !n.Flags.IsGroup && !n.Flags.IsInConflict && !n.Flags.IsDeregistering).ToList();
        var computer = usable.FirstOrDefault(n => n.Name.Suffix == NetBiosName.SuffixWorkstation)?.Name;
        var messenger = usable.Where(n => n.Name.Suffix == NetBiosName.SuffixMessenger).Select(n => n.Name).ToList();
        var chosen = messenger.FirstOrDefault(n => computer is not null && n.NameBytes.SequenceEqual(computer.NameBytes)) ?? messenger.FirstOrDefault();
        trace?.Invoke(chosen is null ? $"node status: {address} holds no messenger name" : $"node status: {address} is {chosen}");
        return chosen;
    }
}
