using System.Net;
using Messngr.Wire.NetBios;
using Messngr.Daemon.Core;

namespace Messngr.Daemon.Names;

/// <summary>What a <see cref="NameTransaction"/> does (RFC 1002 §5.1.1 B-node, §5.1.2 P-node).</summary>
internal enum TransactionKind
{
    BroadcastRegistration,
    WinsRegistration,
    WinsRefresh,
    BroadcastRelease,
    WinsRelease,
}

/// <summary>
/// One outstanding request of ours: its NAME_TRN_ID, the transmissions left and the timer that
/// retransmits or concludes it. Only touched under the registrar's lock.
/// </summary>
internal sealed class NameTransaction
{
    public NameTransaction(TransactionKind kind, NetBiosName name, bool isGroup)
    {
        Kind = kind;
        Name = name;
        IsGroup = isGroup;
    }

    public TransactionKind Kind { get; }

    public NetBiosName Name { get; }

    public bool IsGroup { get; }

    public ushort Id { get; set; }

    /// <summary>Transmissions still to make after the current wait.</summary>
    public int SendsLeft { get; set; }

    /// <summary>Waiting for a scheduled start (a refresh or a retry), nothing sent yet.</summary>
    public bool Deferred { get; set; }

    /// <summary>Our address as the WINS server sees it (P-node packets).</summary>
    public IPAddress? WinsLocal { get; set; }

    /// <summary>Remove the name from the table once a release finishes (a delete, not a shutdown).</summary>
    public bool RemoveWhenDone { get; set; }

    public ITimer? Timer { get; set; }

    /// <summary>Whoever waits for the outcome (AddAsync, DeleteAsync, shutdown).</summary>
    public TaskCompletionSource<NameChangeResult> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
