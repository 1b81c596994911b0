using Messngr.Daemon.Options;
using Messngr.Daemon.Resolution;
using Messngr.Wire;

namespace Messngr.Daemon.Sending;

/// <summary>
/// The send engine's parts inside the daemon, for <c>POST /v1/send/any</c> (issue #14, item 2):
/// the same <see cref="MessageSender"/> as <c>messngr send</c> (no copy), with the daemon's own
/// identity (computer name, workgroup, code page, scope), its resolution settings (WINS, bind
/// address, name service port; no cache method: the daemon is the cache), the wire transports with
/// asynchronous sockets, and this host's terminals for <c>/users</c>. Sending while the daemon's
/// listeners hold 137/138/139 works as it does for the CLI beside a running daemon: name queries
/// and the SMB and RPC clients use ephemeral ports, and the mailslot sender tries UDP 138 and takes
/// an ephemeral port when that is held (<see cref="MailslotSender"/>). The destination ports are
/// the daemon's configured ones (the LAN's; other values only in tests).
/// </summary>
internal sealed class DaemonSendStack
{
    private readonly Func<string, ILocalSessions> _local;

    public DaemonSendStack(SendSettings settings, INameResolver resolver, IClassicTransports transports, Func<string, ILocalSessions> local)
    {
        Settings = settings;
        Resolver = resolver;
        Transports = transports;
        _local = local;
    }

    public SendSettings Settings { get; }

    /// <summary>Counts the classic sends the receiver accepted, by transport (issue #15, item 6).</summary>
    public Metrics.DaemonMetrics? Metrics { get; init; }

    /// <summary>
    /// The one per-uid cap of sends under way through this stack, shared by every endpoint that
    /// sends with it (<see cref="PerUserSendSlots"/>; <see cref="Core.DaemonLimits.MaxAnySendsInFlightPerUser"/>).
    /// </summary>
    public PerUserSendSlots Slots { get; init; } = new(Core.DaemonLimits.Default.MaxAnySendsInFlightPerUser);

    /// <summary>
    /// Counts <paramref name="results"/> in <c>messngr_messages_sent_total</c>: each classic one the
    /// receiver accepted. Native ones are only queued here; the outbox counts them once stored.
    /// </summary>
    private void CountSent(IReadOnlyList<RecipientResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        foreach (var result in results.Where(r => r.Succeeded && r.Transport is not null and not SendTransport.Native))
        {
            Metrics?.Sent(result.Transport switch
            {
                SendTransport.Smb => "smb",
                SendTransport.Mailslot => "mailslot",
                SendTransport.Rpc => "rpc",
                _ => "other",
            });
        }
    }

    public INameResolver Resolver { get; }

    public IClassicTransports Transports { get; }

    /// <summary>A sender of one request: classic through these parts, native through <paramref name="native"/>; <c>/users</c> shows <paramref name="sender"/>.</summary>
    /// <summary>
    /// The one daemon-side send (the web page's and control socket's <c>/v1/send/any</c>, the HTTP
    /// API's publish, the Alertmanager receiver): <paramref name="recipients"/> get
    /// <paramref name="text"/> from the local user <paramref name="user"/> — its login name, cut to
    /// the 15 characters of a NetBIOS name as <c>messngr send</c> cuts <c>$USER</c> — natively through
    /// <paramref name="native"/> where a trusted node takes the name, else the classic way; the
    /// classic sends the receivers accepted are counted (<see cref="CountSent"/>).
    /// </summary>
    public async Task<IReadOnlyList<RecipientResult>> SendAsUserAsync(string user, INativeRoute native, IReadOnlyList<Recipient> recipients, string text, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        var from = user.Length > RecipientParser.MaxNameLength ? user[..RecipientParser.MaxNameLength] : user;
        var results = await SenderFor(from, native).SendAsync(new SendRequest(recipients, from, text), null, cancellationToken).ConfigureAwait(false);
        CountSent(results);
        return results;
    }

    public MessageSender SenderFor(string sender, INativeRoute? native) => new(Settings, Resolver, Transports, _local(sender), native);

    public static DaemonSendStack FromOptions(ServeOptions options, Metrics.DaemonMetrics? metrics = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var oem = OemCodePage.Get(options.CodePage);
        var resolution = new ResolutionSettings
        {
            WinsServer = options.WinsServer,
            BindAddress = options.BindAddress,
            NameServicePort = options.NameServicePort,
            CodePage = oem,
            Scope = options.NetBiosScope,
        };
        var settings = ClassicSendParts.Settings(options, resolution, oem, TimeSpan.FromSeconds(10), blockingIo: false, options.SessionServicePort, options.RpcPort, options.DatagramServicePort);
        var terminals = ClassicSendParts.Terminals(options);
        return new DaemonSendStack(settings, new NameResolver(resolution), new ClassicTransports(ClassicSendParts.Transport(settings), resolution), sender => new LocalTerminalSessions(terminals, sender, options.NetBiosName))
        {
            Metrics = metrics,
            Slots = new(options.Limits.MaxAnySendsInFlightPerUser),
        };
    }
}
