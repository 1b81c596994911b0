using Messngr.Cli.Control;
using Messngr.Daemon.Options;
using Messngr.Daemon.Sending;
using Messngr.Wire;

namespace Messngr.Cli.Commands;

/// <summary>
/// Builds the send engine for the command line: identity (computer name, workgroup, code page,
/// interface, WINS) read as <c>messngr serve</c> reads it (flags, MESSNGR_*, the config file; only
/// the keys send uses, <see cref="ClientOptionsLoader"/>), the computer name and workgroup of the
/// running daemon when none was given (<see cref="MachineIdentity"/>), resolution as <c>lookup</c>
/// does it, the wire transports, this host's terminals for /users, and the native route through
/// the local daemon (<see cref="SendNativeRoute"/>). Needs no running daemon except for <c>--native</c>.
/// </summary>
internal sealed record SendStack(MessageSender Sender, SendSettings Settings)
{
    /// <summary>
    /// Throws <see cref="UsageException"/> for a bad flag and <see cref="ConfigurationException"/>
    /// for a bad MESSNGR_* value or config file (issue #12, item 9: 78, never 64, for those).
    /// </summary>
    public static async Task<SendStack> CreateAsync(SendArguments arguments, CommandContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(context);
        var options = ClientOptionsLoader.Load("send", ClientOptionsLoader.SendKeys, arguments.Flags, context);
        var daemon = new LocalDaemonStatus(context.LocateSocket(arguments.Flags));
        if (arguments.Transport != SendTransport.Native)
        {
            // --native sends nothing the classic way: the daemon's names (its status, a control request of its own) are not needed.
            options = await MachineIdentity.ApplyAsync(options, arguments.Flags, context.Environment, daemon, cancellationToken).ConfigureAwait(false);
        }
        Daemon.Resolution.ResolutionSettings resolution;
        try
        {
            resolution = ResolutionOptions.Build(arguments.Flags.Where(f => f.Key != "timeout").ToDictionary(f => f.Key, f => f.Value, StringComparer.Ordinal), context, options, daemon);
        }
        catch (ArgumentException ex)
        {
            throw ex.Message.StartsWith("--", StringComparison.Ordinal) ? new UsageException($"send: {ex.Message}", ex) : new ConfigurationException(ex.Message, ex);
        }

        var oem = OemCodePage.Get(options.CodePage);
        var timeout = arguments.Timeout;
        // one recipient after another on this thread; no I/O threads to start (issue #6)
        var settings = ClassicSendParts.Settings(options, resolution, oem, timeout, blockingIo: true,
            arguments.Port("session-port", 139), arguments.Port("rpc-port", 135), arguments.Port("datagram-port", 138));
        var terminals = ClassicSendParts.Terminals(options);
        var local = new LocalTerminalSessions(terminals, Environment.UserName, options.NetBiosName);
        var native = new SendNativeRoute(new ControlClient(context.LocateSocket(arguments.Flags)), arguments);
        var sender = new MessageSender(settings, new Daemon.Resolution.NameResolver(resolution), new ClassicTransports(ClassicSendParts.Transport(settings), resolution), local, native);
        return new SendStack(sender, settings);
    }
}
