using System.Net;
using Messngr.Daemon.Resolution;
using Messngr.Wire;
using Messngr.Wire.NetBios;

namespace Messngr.Daemon.Sending;

/// <summary>
/// The send engine behind <c>messngr send</c> (and later the HTTP API and alerts): for each
/// recipient it resolves the name, picks the classic path and reports honestly what the receiver
/// said (architecture.md, "send request ─▶ Resolver ─▶ Transport choice").
/// <list type="bullet">
/// <item><c>NAME</c>: <c>NAME&lt;03&gt;</c> resolved, then NBSS + SMB (protocols.md §5–6); with
/// <see cref="SendTransport.Auto"/> a session path that is refused or unreachable falls back to
/// [MS-MSRP] NetrSendMessage on UDP 135, as Windows' <c>net send</c> does (protocols.md §7).</item>
/// <item><c>*</c>, <c>/domain[:X]</c>: one <c>\MAILSLOT\MESSNGR</c> DIRECT_GROUP datagram to
/// <c>X&lt;00&gt;</c> on each interface's broadcast address (protocols.md §4.3); no confirmation.</item>
/// <item>an address: its messenger name asked by node status; <c>NAME@HOST</c>: NAME at HOST.</item>
/// <item><c>/users</c>: the terminals of this host.</item>
/// <item>before all of these, the native path (<see cref="INativeRoute"/>) for the recipients it takes, all in one request.</item>
/// </list>
/// </summary>
internal sealed class MessageSender
{
    private readonly SendSettings _settings;
    private readonly INameResolver _resolver;
    private readonly IClassicTransports _transports;
    private readonly ILocalSessions _local;
    private readonly INativeRoute? _native;

    public MessageSender(SendSettings settings, INameResolver resolver, IClassicTransports transports, ILocalSessions local, INativeRoute? native = null)
    {
        _settings = settings;
        _resolver = resolver;
        _transports = transports;
        _local = local;
        _native = native;
    }

    /// <summary>Recipients sent at once at most (<c>msg @FILE</c> with many lines).</summary>
    public const int MaxParallel = 32;

    /// <summary>
    /// One result per recipient, in the recipients' order. The native route takes its recipients
    /// first, all in one go (<see cref="INativeRoute"/>); the others are sent at the same time, at
    /// most <see cref="MaxParallel"/> at once, so one that does not answer does not hold up the
    /// others; with blocking I/O each runs on a thread of its own. A single classic recipient stays
    /// on the calling thread (no thread to start, issue #6).
    /// </summary>
    public async Task<IReadOnlyList<RecipientResult>> SendAsync(SendRequest request, SendTrace? trace, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var results = new RecipientResult[request.Recipients.Count];
        var native = _native is null ? null : await _native.StartAsync(request, trace, cancellationToken).ConfigureAwait(false);
        var classic = new List<int>(results.Length);
        for (var i = 0; i < results.Length; i++)
        {
            if (native?[i] is null)
            {
                classic.Add(i);
            }
        }

        if (classic.Count == 1)
        {
            results[classic[0]] = await SendClassicAsync(request, request.Recipients[classic[0]], trace, cancellationToken).ConfigureAwait(false);
        }
        else if (classic.Count > 1)
        {
            await SendClassicInParallelAsync(request, classic, results, trace, cancellationToken).ConfigureAwait(false);
        }

        for (var i = 0; i < results.Length; i++)
        {
            if (native?[i] is { } sending)
            {
                results[i] = await sending.ConfigureAwait(false);
                trace?.Invoke($"{results[i].Recipient.Text}: {results[i].Outcome} — {results[i].Detail}");
            }
        }

        return results;
    }

    private async Task SendClassicInParallelAsync(SendRequest request, List<int> indices, RecipientResult[] results, SendTrace? trace, CancellationToken cancellationToken)
    {
        var gate = new Lock();
        using var slots = new SemaphoreSlim(MaxParallel);
        var running = new List<Task>(indices.Count);
        foreach (var index in indices)
        {
            await slots.WaitAsync(cancellationToken).ConfigureAwait(false);
            var recipient = request.Recipients[index];
            // Trace lines of recipients sent at once interleave: each names its recipient, one line at a time.
            SendTrace? own = trace is null ? null : step =>
            {
                lock (gate)
                {
                    trace($"[{recipient.Text}] {step}");
                }
            };

            async Task RunAsync()
            {
                try
                {
                    results[index] = await SendClassicAsync(request, recipient, own, cancellationToken).ConfigureAwait(false);
                }
                finally
                {
                    slots.Release();
                }
            }

            running.Add(_settings.BlockingIo
                ? Task.Factory.StartNew(() => RunAsync().GetAwaiter().GetResult(), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default)
                : Task.Run(RunAsync, CancellationToken.None));
        }

        await Task.WhenAll(running).ConfigureAwait(false);
    }

    private async Task<RecipientResult> SendClassicAsync(SendRequest request, Recipient recipient, SendTrace? trace, CancellationToken cancellationToken)
    {
        if (request.Transport == SendTransport.Native)
        {
            return Invalid(recipient, "only the native transport was asked for and it cannot take this recipient");
        }

        if (recipient.Port is not null)
        {
            return Invalid(recipient, "a port (NAME@HOST:PORT) is for the native transport only; the classic protocols use their own ports");
        }

        using var timer = new RecipientTimer(_settings.Timeout, armLazily: _settings.BlockingIo, cancellationToken);
        RecipientResult result;
        try
        {
            result = await SendOneAsync(request, recipient, trace, timer).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            result = new RecipientResult(recipient, SendOutcome.TimedOut, null, null, null, $"no answer within {_settings.Timeout.TotalSeconds:0.#} s");
        }

        trace?.Invoke($"{recipient.Text}: {result.Outcome} — {result.Detail}");
        return result;
    }

    private async Task<RecipientResult> SendOneAsync(SendRequest request, Recipient recipient, SendTrace? trace, RecipientTimer timer)
    {
        switch (recipient.Form)
        {
            case RecipientForm.LocalUsers:
                return request.Transport == SendTransport.Auto
                    ? await _local.ShowAsync(recipient, request.Text, timer.Token).ConfigureAwait(false)
                    : Invalid(recipient, "/users writes to this host's terminals; --transport does not apply");
            case RecipientForm.Workgroup:
                return await BroadcastAsync(request, recipient, trace, timer).ConfigureAwait(false);
            case RecipientForm.Address:
                return await ToAddressAsync(request, recipient, recipient.Address!, trace, timer).ConfigureAwait(false);
            case RecipientForm.NameAtHost:
                return await ToNameAtHostAsync(request, recipient, recipient.Name!, recipient.Host!, trace, timer).ConfigureAwait(false);
            default:
                return request.Server is { } server
                    ? await ToNameAtHostAsync(request, recipient, recipient.Name!, server, trace, timer).ConfigureAwait(false)
                    : await ToNameAsync(request, recipient, trace, timer).ConfigureAwait(false);
        }
    }

    private async Task<RecipientResult> ToNameAsync(SendRequest request, Recipient recipient, SendTrace? trace, RecipientTimer timer)
    {
        if (!TryName(recipient.Name!, NetBiosName.SuffixMessenger, out var called, out var error))
        {
            return Invalid(recipient, error);
        }

        trace?.Invoke($"resolving {called}");
        var resolution = await _resolver.ResolveAsync(called, timer.Token).ConfigureAwait(false);
        foreach (var step in resolution.Steps)
        {
            trace?.Invoke($"  {step}");
        }

        if (!resolution.Found)
        {
            return new RecipientResult(recipient, SendOutcome.NameNotFound, null, null, recipient.Name,
                $"name {called} not found ({(resolution.Steps.Count == 0 ? "no resolution method configured" : string.Join("; ", resolution.Steps))})");
        }

        var address = resolution.Addresses[0];
        trace?.Invoke($"{called} is at {address} ({resolution.Method?.ToString().ToLowerInvariant()})");
        return await DeliverAsync(request, recipient, address, called, trace, timer).ConfigureAwait(false);
    }

    private async Task<RecipientResult> ToNameAtHostAsync(SendRequest request, Recipient recipient, string name, string host, SendTrace? trace, RecipientTimer timer)
    {
        if (!TryName(name, NetBiosName.SuffixMessenger, out var called, out var error))
        {
            return Invalid(recipient, error);
        }

        IPAddress? address = IPAddress.TryParse(host, out var literal) && literal.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? literal : null;
        if (address is null)
        {
            NameResolution resolution;
            if (HostNameRule.IsNetBiosHost(host))
            {
                // A single label like a computer name: HOST<00> by every configured method, DNS among them.
                if (!TryName(host, NetBiosName.SuffixWorkstation, out var hostName, out error))
                {
                    return Invalid(recipient, $"host: {error}");
                }

                trace?.Invoke($"resolving host {host}");
                resolution = await _resolver.ResolveAsync(hostName, timer.Token).ConfigureAwait(false);
            }
            else if (HostNameRule.IsHostName(host))
            {
                // A host name, kept as typed (never cut to 15 characters or upper-cased): DNS and /etc/hosts.
                trace?.Invoke($"resolving host {host} (system resolver)");
                resolution = await _resolver.ResolveHostAsync(host, timer.Token).ConfigureAwait(false);
            }
            else
            {
                return Invalid(recipient, $"host '{host}' is not {HostNameRule.Rule}");
            }

            foreach (var step in resolution.Steps)
            {
                trace?.Invoke($"  {step}");
            }

            if (!resolution.Found)
            {
                return new RecipientResult(recipient, SendOutcome.NameNotFound, null, null, name, $"host {host} not found ({string.Join("; ", resolution.Steps)})");
            }

            address = resolution.Addresses[0];
        }

        return await DeliverAsync(request, recipient, address, called, trace, timer).ConfigureAwait(false);
    }

    private async Task<RecipientResult> ToAddressAsync(SendRequest request, Recipient recipient, IPAddress address, SendTrace? trace, RecipientTimer timer)
    {
        trace?.Invoke($"asking {address} for its messenger name (node status)");
        var called = await _transports.MessengerNameAtAsync(address, trace, timer.Token).ConfigureAwait(false);
        if (called is null)
        {
            // Samba accepts any called name; *SMBSERVER<20> is what smbclient calls an unnamed server.
            called = NetBiosName.Create("*SMBSERVER", NetBiosName.SuffixServer, _settings.Oem, _settings.Scope);
            trace?.Invoke($"{address} did not name a messenger name; calling {called}");
        }

        return await DeliverAsync(request, recipient, address, called, trace, timer).ConfigureAwait(false);
    }

    private async Task<RecipientResult> DeliverAsync(SendRequest request, Recipient recipient, IPAddress address, NetBiosName called, SendTrace? trace, RecipientTimer timer)
    {
        var to = called.Suffix == NetBiosName.SuffixMessenger ? called.GetName(_settings.Oem) : address.ToString();
        var message = new ClassicMessage(request.From, to, request.Text);
        if (!TryName(_settings.ComputerName, NetBiosName.SuffixWorkstation, out var calling, out var error))
        {
            return Invalid(recipient, $"our computer name: {error}");
        }

        switch (request.Transport)
        {
            case SendTransport.Rpc:
                return Result(recipient, SendTransport.Rpc, address, to, await _transports.RpcAsync(new IPEndPoint(address, _settings.RpcPort), message, trace, timer.Token).ConfigureAwait(false));
            case SendTransport.Mailslot:
                var source = Listeners.LocalAddress.For(IPAddress.Any, address);
                return Result(recipient, SendTransport.Mailslot, address, to,
                    await _transports.MailslotAsync(new IPEndPoint(address, _settings.DatagramPort), calling, called, source, message, trace, timer.Token).ConfigureAwait(false));
        }

        var smb = await _transports.SmbAsync(new IPEndPoint(address, _settings.SessionPort), called, calling, message, trace, timer.Deadline, timer.UnarmedToken).ConfigureAwait(false);
        // Windows falls back to RPC when no session could be set up; an SMB error is the messenger's own answer and stands.
        if (request.Transport == SendTransport.Auto && smb.NoSession && smb.Outcome is SendOutcome.Unreachable or SendOutcome.Refused)
        {
            trace?.Invoke($"session path failed ({smb.Detail}); trying NetrSendMessage on UDP {_settings.RpcPort}");
            var rpc = await _transports.RpcAsync(new IPEndPoint(address, _settings.RpcPort), message, trace, timer.Token).ConfigureAwait(false);
            if (rpc.Outcome == SendOutcome.Delivered)
            {
                return Result(recipient, SendTransport.Rpc, address, to, rpc);
            }

            return Result(recipient, SendTransport.Smb, address, to, smb with { Detail = $"{smb.Detail}; rpc: {rpc.Detail}" });
        }

        return Result(recipient, SendTransport.Smb, address, to, smb);
    }

    private async Task<RecipientResult> BroadcastAsync(SendRequest request, Recipient recipient, SendTrace? trace, RecipientTimer timer)
    {
        if (request.Transport is SendTransport.Smb or SendTransport.Rpc)
        {
            return Invalid(recipient, "a workgroup broadcast travels only as a mailslot datagram (--transport auto or mailslot)");
        }

        var workgroup = recipient.Name ?? _settings.Workgroup;
        if (request.Text.Length > MessageLimits.BroadcastCharacters)
        {
            return Invalid(recipient, $"a broadcast holds at most {MessageLimits.BroadcastCharacters} characters, this text has {request.Text.Length}; send it to names instead");
        }

        if (!TryName(workgroup, NetBiosName.SuffixWorkstation, out var group, out var error) || !TryName(_settings.ComputerName, NetBiosName.SuffixWorkstation, out var source, out error))
        {
            return Invalid(recipient, error);
        }

        var interfaces = _settings.BroadcastInterfaces();
        if (interfaces.Count == 0)
        {
            return new RecipientResult(recipient, SendOutcome.Unreachable, SendTransport.Mailslot, null, workgroup, "no IPv4 interface with a broadcast address to send the broadcast on");
        }

        var message = new ClassicMessage(request.From, group.GetName(_settings.Oem), request.Text);
        var sentOn = new List<string>();
        TransportResult? failure = null;
        foreach (var (local, broadcast) in interfaces)
        {
            var result = await _transports.MailslotAsync(new IPEndPoint(broadcast, _settings.DatagramPort), source, group, local, message, trace, timer.Token).ConfigureAwait(false);
            if (result.Outcome == SendOutcome.AcceptedForBroadcast)
            {
                sentOn.Add(broadcast.ToString());
            }
            else
            {
                failure ??= result;
            }
        }

        return sentOn.Count > 0
            ? new RecipientResult(recipient, SendOutcome.AcceptedForBroadcast, SendTransport.Mailslot, null, group.GetName(_settings.Oem),
                $"broadcast to {group} on {string.Join(", ", sentOn)} (no confirmation is possible)")
            : Result(recipient, SendTransport.Mailslot, null, group.GetName(_settings.Oem), failure!);
    }

    private bool TryName(string name, byte suffix, out NetBiosName netBiosName, out string error)
    {
        netBiosName = null!;
        error = string.Empty;
        if (Names.NetBiosNameRule.Validate(name, "name") is { } broken)
        {
            error = broken;
            return false;
        }

        try
        {
            netBiosName = NetBiosName.Create(name, suffix, _settings.Oem, _settings.Scope);
            return true;
        }
        catch (ArgumentException ex)
        {
            error = $"'{name}' cannot be a NetBIOS name in code page {_settings.Oem.CodePage}: {ex.Message}";
            return false;
        }
    }

    private static RecipientResult Result(Recipient recipient, SendTransport transport, IPAddress? address, string to, TransportResult result) =>
        new(recipient, result.Outcome, transport, address, to, result.Detail, result.Blocks);

    private static RecipientResult Invalid(Recipient recipient, string detail) =>
        new(recipient, SendOutcome.Invalid, null, null, null, detail);
}
