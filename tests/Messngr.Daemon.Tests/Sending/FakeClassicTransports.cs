using System.Net;
using Messngr.Daemon.Resolution;
using Messngr.Daemon.Sending;
using Messngr.Wire.NetBios;

namespace Messngr.Daemon.Tests.Sending;

/// <summary>Records each transport call and answers from a script, to test the engine's choices alone (recipients may be sent at once: records are locked).</summary>
internal sealed class FakeClassicTransports : IClassicTransports
{
    private readonly Lock _gate = new();

    public List<string> Calls { get; } = [];

    public Func<IPEndPoint, NetBiosName, TransportResult> Smb { get; set; } = (_, _) => new TransportResult(SendOutcome.Delivered, "ok", 1);

    public Func<IPEndPoint, TransportResult> Rpc { get; set; } = _ => new TransportResult(SendOutcome.Delivered, "NERR_Success");

    public Func<IPEndPoint, TransportResult> Mailslot { get; set; } = _ => new TransportResult(SendOutcome.AcceptedForBroadcast, "sent");

    /// <summary>Each SMB send signals <paramref name="entered"/>, then waits (2 min at most) for <paramref name="release"/> and is delivered: a send held in flight.</summary>
    public void HoldSmbUntil(SemaphoreSlim entered, ManualResetEventSlim release) => Smb = (_, _) =>
    {
        entered.Release();
        release.Wait(TimeSpan.FromMinutes(2));
        return new TransportResult(SendOutcome.Delivered, "ok", 1);
    };

    public NetBiosName? NodeStatusName { get; set; }

    public List<ClassicMessage> Messages { get; } = [];

    /// <summary>The deadline and token the engine gave each SMB call.</summary>
    public List<(SendDeadline Deadline, CancellationToken Token)> SmbWaits { get; } = [];

    public Task<TransportResult> SmbAsync(IPEndPoint endpoint, NetBiosName called, NetBiosName calling, ClassicMessage message, SendTrace? trace, SendDeadline deadline, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            Calls.Add($"smb {endpoint} {called} from {calling}");
            Messages.Add(message);
            SmbWaits.Add((deadline, cancellationToken));
        }

        return Task.FromResult(Smb(endpoint, called));
    }

    public Task<TransportResult> RpcAsync(IPEndPoint endpoint, ClassicMessage message, SendTrace? trace, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            Calls.Add($"rpc {endpoint}");
            Messages.Add(message);
        }

        return Task.FromResult(Rpc(endpoint));
    }

    public Task<TransportResult> MailslotAsync(IPEndPoint endpoint, NetBiosName source, NetBiosName destination, IPAddress sourceAddress, ClassicMessage message, SendTrace? trace, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            Calls.Add($"mailslot {endpoint} {source}->{destination}{(destination.Suffix == NetBiosName.SuffixMessenger ? string.Empty : " group")} from {sourceAddress}");
            Messages.Add(message);
        }

        return Task.FromResult(Mailslot(endpoint));
    }

    public Task<NetBiosName?> MessengerNameAtAsync(IPAddress address, SendTrace? trace, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            Calls.Add($"nodestatus {address}");
        }

        return Task.FromResult(NodeStatusName);
    }
}

/// <summary>Answers names from a table; everything else is not found.</summary>
internal sealed class TableResolver(Dictionary<string, string> table) : INameResolver
{
    public List<string> Asked { get; } = [];

    public Task<NameResolution> ResolveAsync(NetBiosName name, CancellationToken cancellationToken)
    {
        lock (Asked)
        {
            Asked.Add(name.ToString());
        }

        return Task.FromResult(table.TryGetValue(name.ToString(), out var address)
            ? new NameResolution([IPAddress.Parse(address)], ResolutionMethod.Broadcast, false, ["broadcast: found"])
            : new NameResolution([], null, false, ["broadcast on 192.0.2.255: no answer"]));
    }

    /// <summary>A host name as the system resolver gets it: recorded as "host NAME", answered from the same table.</summary>
    public Task<NameResolution> ResolveHostAsync(string host, CancellationToken cancellationToken)
    {
        lock (Asked)
        {
            Asked.Add($"host {host}");
        }

        return Task.FromResult(table.TryGetValue(host, out var address)
            ? new NameResolution([IPAddress.Parse(address)], ResolutionMethod.Dns, false, [$"dns {host}: {address}"])
            : new NameResolution([], null, false, [$"dns {host}: not found"]));
    }
}
