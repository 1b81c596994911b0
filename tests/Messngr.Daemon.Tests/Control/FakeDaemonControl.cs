using System.Collections.Concurrent;
using System.Net;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Messngr.Daemon.Control;
using Messngr.Daemon.Messages;
using Messngr.Daemon.Core;

namespace Messngr.Daemon.Tests.Control;

/// <summary>An <see cref="IDaemonControl"/> with a name list, a history and a live feed the tests drive, recording every caller uid.</summary>
internal sealed class FakeDaemonControl : IDaemonControl
{
    private readonly object _gate = new();
    private readonly List<NameInfo> _names =
    [
        new("HOSTB", 0x00, false, NameKind.Computer, NameState.Registered, null, null),
        new("HOSTB", 0x03, false, NameKind.Computer, NameState.Registered, null, null),
        new("LAB", 0x00, true, NameKind.Workgroup, NameState.Registered, null, null),
        new("ROOTALIAS", 0x03, false, NameKind.Alias, NameState.Conflict, 0, "held by 10.0.0.9"),
    ];

    private readonly List<StoredMessage> _history = [];
    private readonly ConcurrentDictionary<Channel<StoredMessage>, bool> _subscribers = new();

    public ConcurrentQueue<(string Call, uint Uid)> Calls { get; } = new();

    /// <summary>Set when a listen subscription's token was cancelled (the client went away or the server stopped).</summary>
    public TaskCompletionSource ListenCancelled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Exception? StatusFailure { get; set; }

    public Exception? HistoryFailure { get; set; }

    public StoreHealth StoreHealth { get; set; } = StoreHealth.Healthy;

    public int LastHistoryLimit { get; private set; }

    /// <summary>Whether the last history call asked for superseded messages too (<c>--all</c>).</summary>
    public bool LastHistoryAll { get; private set; }

    public Messngr.Daemon.Native.NodeIdentity? Identity { get; set; }

    public Messngr.Daemon.Native.TrustStore? TrustList { get; set; }

    public Messngr.Daemon.Native.PeerTable? Peers { get; set; }

    public Messngr.Daemon.Native.INativeDelivery? Delivery { get; set; }

    public Messngr.Daemon.Native.IReceiptReporter? Receipts { get; set; }

    public Messngr.Daemon.Quiet.QuietHours? Quiet { get; set; }

    /// <summary>The send engine of <c>POST /v1/send/any</c>; null: 503.</summary>
    public Messngr.Daemon.Sending.DaemonSendStack? SendStack { get; set; }

    /// <summary>The HTTP API's tokens (issue #15, item 1); null: the API is off.</summary>
    public Messngr.Daemon.Api.ApiTokens? ApiTokens { get; set; }

    /// <summary>Where <c>POST /v1/alertmanager</c> sends; none by default (422).</summary>
    public Messngr.Daemon.Alertmanager.AlertmanagerRouting AlertmanagerRouting { get; set; } = Messngr.Daemon.Alertmanager.AlertmanagerRouting.None;

    public ReadEventFeed ReadEvents { get; } = new();

    /// <summary>The daemon's own uid for trust changes; root unless a test says otherwise.</summary>
    public uint DaemonUid { get; set; }

    public int Subscribers => _subscribers.Count;

    /// <summary>Login names by uid for <see cref="UserName"/>.</summary>
    public Dictionary<uint, string> UserNames { get; } = new() { [0] = "root", [65534] = "nobody" };

    /// <summary>The sent messages (the outbox) <see cref="Sent"/> and <see cref="FindSent"/> read; a <see cref="FakeNativeDelivery"/> adds to it.</summary>
    public ConcurrentDictionary<MessageId, OutgoingMessage> Outbox { get; } = new();

    /// <summary>Receipts by message id, in state order.</summary>
    public ConcurrentDictionary<MessageId, List<Receipt>> SentReceiptsById { get; } = new();

    public string UserName(uint uid) => UserNames.TryGetValue(uid, out var name) ? name : uid.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public int CountWaiting(uint uid) => Outbox.Values.Count(m => m.FromUid == uid && m.NextAttemptAt is not null);

    public IReadOnlyList<OutgoingMessage> Sent(uint? fromUid, int limit)
    {
        Calls.Enqueue(("sent", fromUid ?? uint.MaxValue));
        return [.. Outbox.Values.Where(m => fromUid is null || m.FromUid == fromUid).OrderByDescending(m => m.Id).Take(limit)];
    }

    public OutgoingMessage? FindSent(MessageId id) => Outbox.TryGetValue(id, out var m) ? m : null;

    public IReadOnlyList<Receipt> SentReceipts(MessageId id)
    {
        if (!SentReceiptsById.TryGetValue(id, out var list))
        {
            return [];
        }

        lock (list)
        {
            return [.. list.OrderBy(r => r.State)];
        }
    }

    /// <summary>Records a receipt for a sent message, as the store would.</summary>
    public void AddReceipt(Receipt receipt)
    {
        var list = SentReceiptsById.GetOrAdd(receipt.MessageId, _ => []);
        lock (list)
        {
            list.Add(receipt);
        }
    }

    public static StoredMessage Message(long id, string from, string to, string text, MessageTransport transport = MessageTransport.Smb, int secondsAgo = 0) =>
        new(id, new ReceivedMessage(from, to, text, transport, new IPEndPoint(IPAddress.Parse("10.0.0.2"), 1139), new DateTimeOffset(2026, 1, 2, 10, 11, 12, TimeSpan.Zero).AddSeconds(-secondsAgo)));

    public void AddHistory(StoredMessage message)
    {
        message = Owned(message);
        lock (_gate)
        {
            _history.Insert(0, message);
        }
    }

    /// <summary>The message with its reader decided from the names now, as the daemon's pipeline does at commit.</summary>
    public StoredMessage Owned(StoredMessage message) =>
        message with { Message = message.Message with { OwnerUid = Messngr.Daemon.Names.MessageOwner.Of(ListNames(), message.Message.To) } };

    /// <summary>Hands <paramref name="message"/> to every live subscription.</summary>
    public void Publish(StoredMessage message)
    {
        message = Owned(message);
        AddHistory(message);
        foreach (var subscriber in _subscribers.Keys)
        {
            subscriber.Writer.TryWrite(message);
        }
    }

    public IReadOnlyList<NameInfo> ListNames()
    {
        lock (_gate)
        {
            return _names.ToList();
        }
    }

    public Task<NameChangeResult> AddNameAsync(string name, uint callerUid, CancellationToken cancellationToken)
    {
        Calls.Enqueue(("add " + name, callerUid));
        lock (_gate)
        {
            if (name == "BOOM")
            {
                return Task.FromResult(new NameChangeResult(NameChangeOutcome.Conflict, "BOOM is held by 10.0.0.7"));
            }

            if (_names.Any(n => n.Suffix == 0x03 && string.Equals(n.Name, name, StringComparison.OrdinalIgnoreCase)))
            {
                return Task.FromResult(new NameChangeResult(NameChangeOutcome.AlreadyExists, $"{name} is already a name of this node"));
            }

            _names.Add(new NameInfo(name.ToUpperInvariant(), 0x03, false, NameKind.Alias, NameState.Registering, callerUid, null));
            return Task.FromResult(new NameChangeResult(NameChangeOutcome.Ok, $"The message alias {name.ToUpperInvariant()} was added."));
        }
    }

    public Task<NameChangeResult> DeleteNameAsync(string name, uint callerUid, CancellationToken cancellationToken)
    {
        Calls.Enqueue(("delete " + name, callerUid));
        lock (_gate)
        {
            if (name == "NOTYOURS")
            {
                return Task.FromResult(new NameChangeResult(NameChangeOutcome.Forbidden, "NOTYOURS belongs to someone else"));
            }

            var removed = _names.RemoveAll(n => n.Suffix == 0x03 && string.Equals(n.Name, name, StringComparison.OrdinalIgnoreCase));
            return Task.FromResult(removed > 0
                ? new NameChangeResult(NameChangeOutcome.Ok, $"The message alias {name} was deleted.")
                : new NameChangeResult(NameChangeOutcome.NotFound, $"{name} is not a name of this node"));
        }
    }

    public IReadOnlyList<StoredMessage> History(uint callerUid, int limit, bool includeSuperseded = false)
    {
        Calls.Enqueue(("history", callerUid));
        LastHistoryLimit = limit;
        LastHistoryAll = includeSuperseded;
        if (HistoryFailure is { } failure)
        {
            throw failure;
        }

        lock (_gate)
        {
            return _history.Where(m => includeSuperseded || m.Message.SupersededBy is null).Take(limit).ToList();
        }
    }

    /// <summary>Subscribes when called (not at the first MoveNext), so nothing published after the response headers is missed.</summary>
    public IAsyncEnumerable<StoredMessage> Listen(uint callerUid, CancellationToken cancellationToken)
    {
        Calls.Enqueue(("listen", callerUid));
        var channel = Channel.CreateBounded<StoredMessage>(16);
        _subscribers[channel] = true;
        // As the daemon's feed does: cancellation releases the subscription even if it is never read.
        cancellationToken.Register(() =>
        {
            ListenCancelled.TrySetResult();
            _subscribers.TryRemove(channel, out _);
        });
        return Read(channel, cancellationToken);
    }

    /// <summary>The listeners status reports; null for the default two (one bound, one refused).</summary>
    public IReadOnlyList<ListenerStatus>? Listeners { get; set; }

    /// <summary>The state directory status reports.</summary>
    public string? StateDirectory { get; set; }

    public DaemonStatus Status()
    {
        if (StatusFailure is { } failure)
        {
            throw failure;
        }

        return new DaemonStatus(
            "HOSTB",
            "LAB",
            DateTimeOffset.Now.AddHours(-2),
            ListNames(),
            Listeners ??
            [
                new ListenerStatus("name service", "udp", "0.0.0.0:137", true, null),
                new ListenerStatus("session service", "tcp", "0.0.0.0:139", false, "Permission denied"),
            ],
            new Dictionary<string, long> { ["accepted"] = 12, ["rejected.source"] = 3, ["malformed"] = 1 })
        {
            RunningAs = "messngr",
            Store = StoreHealth,
            StateDirectory = StateDirectory,
        };
    }

    private async IAsyncEnumerable<StoredMessage> Read(Channel<StoredMessage> channel, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        try
        {
            while (await channel.Reader.WaitToReadAsync(cancellationToken))
            {
                while (channel.Reader.TryRead(out var message))
                {
                    yield return message;
                }
            }
        }
        finally
        {
            _subscribers.TryRemove(channel, out _);
        }
    }
}
