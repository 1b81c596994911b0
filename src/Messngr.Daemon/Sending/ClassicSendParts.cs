using System.Text;
using Messngr.Daemon.Options;
using Messngr.Daemon.Resolution;
using Messngr.Daemon.Sending.Transports;
using Messngr.Daemon.Sinks;
using Messngr.Daemon.Users;
using Microsoft.Extensions.Logging.Abstractions;

namespace Messngr.Daemon.Sending;

/// <summary>
/// The classic send parts that <c>messngr send</c> (Messngr.Cli SendStack) and the daemon's
/// <c>POST /v1/send/any</c> (<see cref="DaemonSendStack"/>) build the same way from the same
/// options: the sender's identity and ports, the wire transports' settings, and this host's
/// terminals for <c>/users</c>. One copy, so the two paths cannot drift.
/// </summary>
internal static class ClassicSendParts
{
    /// <summary>
    /// Identity (computer name, workgroup, code page, scope) from <paramref name="options"/>, the
    /// broadcast interfaces of <paramref name="resolution"/>, and the destination ports.
    /// <paramref name="blockingIo"/>: one recipient after another on the caller's thread (the CLI, issue #6).
    /// </summary>
    public static SendSettings Settings(ServeOptions options, ResolutionSettings resolution, Encoding oem, TimeSpan timeout, bool blockingIo, int sessionPort, int rpcPort, int datagramPort)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(resolution);
        return new SendSettings
        {
            ComputerName = options.NetBiosName,
            Workgroup = options.Workgroup,
            Oem = oem,
            Scope = options.NetBiosScope,
            BroadcastInterfaces = () => [.. resolution.CurrentInterfaces().Where(i => i.Broadcast is not null).Select(i => (i.Address, i.Broadcast!))],
            Timeout = timeout,
            BlockingIo = blockingIo,
            SessionPort = sessionPort,
            RpcPort = rpcPort,
            DatagramPort = datagramPort,
        };
    }

    /// <summary>The wire transports' settings that go with <paramref name="settings"/>.</summary>
    public static TransportSettings Transport(SendSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return new TransportSettings
        {
            Oem = settings.Oem,
            Timeout = settings.Timeout,
            BlockingIo = settings.BlockingIo,
            SessionPort = settings.SessionPort,
            RpcPort = settings.RpcPort,
            DatagramPort = settings.DatagramPort,
        }.Validate();
    }

    /// <summary>This host's terminals, reached by <c>/users</c> (utmp, <c>mesg n</c> honoured, opted-out users skipped).</summary>
    public static TtySink Terminals(ServeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var accounts = new UserAccounts();
        return new TtySink(
            new UtmpReader(accounts),
            new RecipientResolver(options.NetBiosName, options.Workgroup, _ => null, new BroadcastOptOut(accounts).IsOptedOut),
            TtySinkOptions.Default,
            NullLogger.Instance);
    }
}
