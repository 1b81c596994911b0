using Messngr.Cli.Control;
using Messngr.Daemon.Options;
using Messngr.Daemon.Sending;
using Messngr.Daemon.Sending.Transports;
using Messngr.Daemon.Sinks;
using Messngr.Daemon.Users;
using Messngr.Wire;
using Microsoft.Extensions.Logging.Abstractions;

namespace Messngr.Cli.Commands;

/// <summary>
/// Builds the send engine for the command line: identity (computer name, workgroup, code page,
/// interface, WINS) read as <c>messngr serve</c> reads it (flags, MESSNGR_*, the config file),
/// resolution as <c>lookup</c> does it, the wire transports, and this host's terminals for /users.
/// Needs no running daemon: the daemon is only asked by the cache resolution method.
/// </summary>
internal sealed record SendStack(MessageSender Sender)
{
    private static readonly string[] IdentityKeys = ["netbios-name", "workgroup", "code-page", "netbios-scope", "wins-server", "interface", "config", "name-service-port"];

    public static SendStack Create(SendArguments arguments, CommandContext context)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(context);
        ServeOptions options;
        Daemon.Resolution.ResolutionSettings resolution;
        try
        {
            var identity = arguments.Flags.Where(f => IdentityKeys.Contains(f.Key)).ToDictionary(f => f.Key, f => f.Value, StringComparer.Ordinal);
            options = ServeOptionsLoader.Load(identity, context.Environment, configPath: null, context.IsRoot);
            resolution = ResolutionOptions.Build(arguments.Flags.Where(f => f.Key != "timeout").ToDictionary(f => f.Key, f => f.Value, StringComparer.Ordinal), context, options);
        }
        catch (ArgumentException ex)
        {
            throw new UsageException($"send: {ex.Message}", ex);
        }

        var oem = OemCodePage.Get(options.CodePage);
        var timeout = arguments.Timeout;
        var settings = new SendSettings
        {
            ComputerName = options.NetBiosName,
            Workgroup = options.Workgroup,
            Oem = oem,
            Scope = options.NetBiosScope,
            BroadcastInterfaces = () => [.. resolution.CurrentInterfaces().Where(i => i.Broadcast is not null).Select(i => (i.Address, i.Broadcast!))],
            Timeout = timeout,
            BlockingIo = true, // one recipient after another on this thread; no I/O threads to start (issue #6)
            SessionPort = arguments.Port("session-port", 139),
            RpcPort = arguments.Port("rpc-port", 135),
            DatagramPort = arguments.Port("datagram-port", 138),
        };
        var transport = new TransportSettings
        {
            Oem = oem,
            Timeout = timeout,
            BlockingIo = true,
            SessionPort = settings.SessionPort,
            RpcPort = settings.RpcPort,
            DatagramPort = settings.DatagramPort,
        }.Validate();

        var accounts = new UserAccounts();
        var terminals = new TtySink(
            new UtmpReader(accounts),
            new RecipientResolver(options.NetBiosName, options.Workgroup, _ => null, new BroadcastOptOut(accounts).IsOptedOut),
            TtySinkOptions.Default,
            NullLogger.Instance);
        var local = new LocalTerminalSessions(terminals, Environment.UserName, options.NetBiosName);
        var sender = new MessageSender(settings, new Daemon.Resolution.NameResolver(resolution), new ClassicTransports(transport, resolution), local);
        return new SendStack(sender);
    }
}
