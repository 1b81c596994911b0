using System.Globalization;
using System.Threading.Channels;
using Messngr.Cli.Control;
using Messngr.Daemon.Control.Api;

namespace Messngr.Cli.Desktop;

/// <summary>
/// What <c>messngr agent</c> does with its stream (issue #14, item 1). Each message becomes a
/// notification (<see cref="AgentNotification"/>); once Notify returned its id the message is
/// reported displayed. A notification is closed (CloseNotification) when its message is read
/// elsewhere (a read event), when it expires (<see cref="MessageDto.ExpiresAt"/>, the agent's own
/// timer) or when the user marks it read (ActionInvoked "default" or "mark-read": the read
/// receipt first); a later message with the same correlation key from the same verified sender
/// (node + user + key, as the store supersedes) replaces it (replaces_id). An inline reply
/// (NotificationReplied) is sent to the sender (<see cref="IAgentDaemon.ReplyAsync"/>).
/// Without a notification service — no bus address, the bus unreachable, nobody owning
/// org.freedesktop.Notifications — messages are printed as <c>messngr listen</c> prints them,
/// said once on standard error; the service is looked for again every <see cref="RetryInterval"/>
/// and its return said once. A Notify that does not answer within <see cref="NotifyTimeout"/> is
/// printed instead and the next message tried (answering late, its notification is tracked as any
/// other). Everything runs on one worker, in order.
/// </summary>
internal sealed class AgentDesktop : IAsyncDisposable
{
    /// <summary>How long a Notify may take before the message is printed instead.</summary>
    public static readonly TimeSpan NotifyTimeout = TimeSpan.FromSeconds(5);

    /// <summary>How often a missing notification service is looked for again.</summary>
    public static readonly TimeSpan RetryInterval = TimeSpan.FromSeconds(5);

    /// <summary>Longest expiry timer (Task.Delay's limit is 49 days; native messages expire within 30).</summary>
    private static readonly TimeSpan LongestExpiry = TimeSpan.FromDays(31);

    /// <summary>Work queued for the worker; a full queue holds the stream back (the daemon bounds it).</summary>
    private const int QueueCapacity = 1024;

    private readonly string? _busAddress;
    private readonly IAgentDaemon _daemon;
    private readonly TextWriter _out;
    private readonly TextWriter _error;
    private readonly Channel<Func<Task>> _work = Channel.CreateBounded<Func<Task>>(new BoundedChannelOptions(QueueCapacity) { SingleReader = true });
    private readonly CancellationTokenSource _stop = new();
    private readonly Dictionary<uint, Shown> _byId = [];
    private readonly Dictionary<long, uint> _bySeq = [];
    private readonly Dictionary<string, uint> _byKey = new(StringComparer.Ordinal);
    private readonly Task _worker;
    private readonly Task _retry;
    private NotificationsClient? _client;
    private bool _saidFallback;
    private bool _printedOne;

    public AgentDesktop(string? busAddress, IAgentDaemon daemon, TextWriter output, TextWriter error)
    {
        _busAddress = busAddress;
        _daemon = daemon;
        _out = output;
        _error = error;
        _worker = Task.Run(RunAsync);
        _retry = Task.Run(RetryAsync);
    }

    /// <summary>Whether a notification service is in use now (tests).</summary>
    public bool HasService => Volatile.Read(ref _client) is not null;

    /// <summary>Queues one line of the stream: a message to show or a read event.</summary>
    public async Task HandleAsync(DisplayStreamItem item, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(item);
        if (item.Message is { } message)
        {
            await _work.Writer.WriteAsync(() => ShowAsync(message), cancellationToken).ConfigureAwait(false);
        }
        else if (item.Read is { } read)
        {
            await _work.Writer.WriteAsync(() => CloseSeqAsync(read.Seq), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Connects to the notification service now if there is none (at start).</summary>
    public Task StartAsync(CancellationToken cancellationToken) => _work.Writer.WriteAsync(EnsureClientAsync, cancellationToken).AsTask();

    public async ValueTask DisposeAsync()
    {
        _work.Writer.TryComplete();
        await _stop.CancelAsync().ConfigureAwait(false);
        await _worker.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await _retry.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        foreach (var shown in _byId.Values)
        {
            shown.Expiry?.Dispose();
        }

        _client?.Dispose();
        _stop.Dispose();
    }

    private async Task RunAsync()
    {
        await foreach (var work in _work.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            try
            {
                await work().ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                return;
            }
        }
    }

    private async Task RetryAsync()
    {
        try
        {
            while (true)
            {
                await Task.Delay(RetryInterval, _stop.Token).ConfigureAwait(false);
                if (Volatile.Read(ref _client) is null)
                {
                    _work.Writer.TryWrite(EnsureClientAsync);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // stopping
        }
    }

    private async Task EnsureClientAsync()
    {
        if (_client is not null)
        {
            return;
        }

        NotificationsClient client;
        try
        {
            client = await NotificationsClient.ConnectAsync(_busAddress, signal => _work.Writer.TryWrite(() => OnSignalAsync(signal)))
                .WaitAsync(NotifyTimeout, _stop.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            if (!_saidFallback)
            {
                _saidFallback = true;
                var reason = ex is TimeoutException ? "the session bus did not answer" : ex.Message;
                await SayAsync($"no notification service ({reason}); printing messages here instead until one appears").ConfigureAwait(false);
            }

            return;
        }

        Volatile.Write(ref _client, client);
        _ = client.DisconnectedAsync().ContinueWith(_ => _work.Writer.TryWrite(() => LoseAsync(client, "the session bus connection was lost")), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        if (_saidFallback)
        {
            _saidFallback = false;
            await SayAsync("a notification service is there again; showing messages as notifications").ConfigureAwait(false);
        }
    }

    private async Task LoseAsync(NotificationsClient client, string reason)
    {
        if (!ReferenceEquals(_client, client))
        {
            return;
        }

        Volatile.Write(ref _client, null);
        client.Dispose();
        foreach (var shown in _byId.Values)
        {
            shown.Expiry?.Dispose();
        }

        _byId.Clear();
        _bySeq.Clear();
        _byKey.Clear();
        if (!_saidFallback)
        {
            _saidFallback = true;
            await SayAsync($"no notification service ({reason}); printing messages here instead until one appears").ConfigureAwait(false);
        }
    }

    private async Task ShowAsync(MessageDto message)
    {
        await EnsureClientAsync().ConfigureAwait(false);
        if (_client is not { } client)
        {
            await PrintAsync(message).ConfigureAwait(false);
            return;
        }

        var key = message.SenderNode is { } node && message.SenderUser is { } user && message.CorrelationKey is { } correlation
            ? $"{node}\n{user}\n{correlation}"
            : null;
        var replaces = key is not null && _byKey.TryGetValue(key, out var previous) ? previous : 0u;
        var request = AgentNotification.From(message, client.HasBodyMarkup, client.HasInlineReply, replaces);
        uint id;
        var notify = client.NotifyAsync(request);
        try
        {
            id = await notify.WaitAsync(NotifyTimeout, _stop.Token).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            await SayAsync($"the notification service did not answer within {NotifyTimeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s; message {message.Seq} is printed here").ConfigureAwait(false);
            await PrintAsync(message).ConfigureAwait(false);
            // Shown after all when it answers late: then its actions and closing work as for any other.
            _ = notify.ContinueWith(
                late => _work.Writer.TryWrite(() => AdoptAsync(client, late.Result, message, key)),
                CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            return;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            await LoseAsync(client, ClientText.Line(ex.Message)).ConfigureAwait(false);
            await PrintAsync(message).ConfigureAwait(false);
            return;
        }

        if (replaces != 0)
        {
            Forget(replaces);
        }

        Remember(id, message, key);
        await ReportDisplayedAsync(message).ConfigureAwait(false);
    }

    /// <summary>A Notify that answered after <see cref="NotifyTimeout"/> (the message was printed and reported then): tracked from now on.</summary>
    private Task AdoptAsync(NotificationsClient client, uint id, MessageDto message, string? key)
    {
        if (ReferenceEquals(_client, client) && !_byId.ContainsKey(id))
        {
            Remember(id, message, key);
        }

        return Task.CompletedTask;
    }

    private void Remember(uint id, MessageDto message, string? key)
    {
        Forget(id);
        _byId[id] = new Shown(message, key, ScheduleExpiry(id, message));
        _bySeq[message.Seq] = id;
        if (key is not null)
        {
            _byKey[key] = id;
        }
    }

    private CancellationTokenSource? ScheduleExpiry(uint id, MessageDto message)
    {
        if (message.ExpiresAt is not { } expires)
        {
            return null;
        }

        var expiry = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        var wait = expires - DateTimeOffset.UtcNow;
        wait = wait < TimeSpan.Zero ? TimeSpan.Zero : wait > LongestExpiry ? LongestExpiry : wait;
        _ = Task.Delay(wait, expiry.Token).ContinueWith(
            delay => _work.Writer.TryWrite(() => CloseIdAsync(id, message.Seq)),
            expiry.Token, TaskContinuationOptions.OnlyOnRanToCompletion | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return expiry;
    }

    private async Task OnSignalAsync(NotificationSignal signal)
    {
        if (!_byId.TryGetValue(signal.Id, out var shown))
        {
            return; // not ours, or already closed
        }

        switch (signal.Kind)
        {
            case NotificationSignalKind.ActionInvoked when signal.ActionKey is AgentNotification.DefaultAction or AgentNotification.MarkReadAction:
                if (shown.Message.Text is null)
                {
                    return; // a sealed one offers no mark-read: only 'messngr read' opens it
                }

                try
                {
                    await _daemon.ReadAsync(shown.Message.Seq, _stop.Token).ConfigureAwait(false);
                }
                catch (ControlClientException ex)
                {
                    await SayAsync($"could not mark message {shown.Message.Seq} read: {ClientText.Line(ex.Message)}").ConfigureAwait(false);
                    return;
                }

                await CloseIdAsync(signal.Id, shown.Message.Seq).ConfigureAwait(false);
                break;

            case NotificationSignalKind.Replied when signal.ReplyText is { Length: > 0 } text:
                if (await _daemon.ReplyAsync(shown.Message, text, _stop.Token).ConfigureAwait(false) is { } problem)
                {
                    await SayAsync($"the reply to {ClientText.Line(shown.Message.From)} was not sent: {problem}").ConfigureAwait(false);
                }

                break;

            case NotificationSignalKind.Closed:
                Forget(signal.Id);
                break;
        }
    }

    private Task CloseSeqAsync(long seq) => _bySeq.TryGetValue(seq, out var id) ? CloseIdAsync(id, seq) : Task.CompletedTask;

    private async Task CloseIdAsync(uint id, long seq)
    {
        if (!_byId.TryGetValue(id, out var shown) || shown.Message.Seq != seq || _client is not { } client)
        {
            return;
        }

        Forget(id);
        try
        {
            await client.CloseAsync(id).WaitAsync(NotifyTimeout, _stop.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // gone already (the spec answers an empty error), or the service is stuck: nothing to close
        }
    }

    private void Forget(uint id)
    {
        if (!_byId.Remove(id, out var shown))
        {
            return;
        }

        shown.Expiry?.Cancel();
        shown.Expiry?.Dispose();
        if (_bySeq.TryGetValue(shown.Message.Seq, out var bySeq) && bySeq == id)
        {
            _bySeq.Remove(shown.Message.Seq);
        }

        if (shown.Key is not null && _byKey.TryGetValue(shown.Key, out var byKey) && byKey == id)
        {
            _byKey.Remove(shown.Key);
        }
    }

    /// <summary>The fallback: the message as <c>messngr listen</c> prints it (terminal sanitiser), a blank line between two.</summary>
    private async Task PrintAsync(MessageDto message)
    {
        try
        {
            await _out.WriteAsync((_printedOne ? "\n" : string.Empty) + ClientText.Message(message)).ConfigureAwait(false);
            await _out.FlushAsync(CancellationToken.None).ConfigureAwait(false);
            _printedOne = true;
        }
        catch (IOException)
        {
            return; // nobody reads our output: not shown
        }

        await ReportDisplayedAsync(message).ConfigureAwait(false);
    }

    private async Task ReportDisplayedAsync(MessageDto message)
    {
        try
        {
            await _daemon.DisplayedAsync(message.Seq, _stop.Token).ConfigureAwait(false);
        }
        catch (ControlClientException ex)
        {
            await SayAsync($"could not report message {message.Seq} displayed: {ClientText.Line(ex.Message)}").ConfigureAwait(false);
        }
    }

    private async Task SayAsync(string line)
    {
        try
        {
            await _error.WriteLineAsync($"messngr agent: {line}").ConfigureAwait(false);
            await _error.FlushAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (IOException)
        {
            // standard error closed: nothing to tell
        }
    }

    private sealed record Shown(MessageDto Message, string? Key, CancellationTokenSource? Expiry);
}
