using System.Net;
using Messngr.Daemon.Messages;
using Messngr.Daemon.Options;
using Microsoft.Extensions.Logging;
using Messngr.Daemon.Core;

namespace Messngr.Daemon.Listeners;

/// <summary>Builds the enabled classic listeners (UDP 137, UDP 138, TCP 139, UDP 135).</summary>
internal static class ClassicListeners
{
    /// <remarks>
    /// Bound to one interface, UDP 137 and 138 also hear that interface's subnet broadcasts
    /// (<see cref="InterfaceBroadcast"/>); TCP 139 and UDP 135 carry no broadcasts.
    /// </remarks>
    public static IReadOnlyList<IListener> Create(ServeOptions options, Names.NameService nameService, MessagePipeline pipeline, ListenerCounters counters, Policy.InboundPolicy policy, Names.INetworkInterfaces interfaces, ILoggerFactory loggerFactory)
    {
        var logger = loggerFactory.CreateLogger("messngr.listeners");
        var names = nameService.Names;
        var listeners = new List<IListener>();
        var broadcast = InterfaceBroadcast.For(options.BindAddress, interfaces);
        if (options.NameServiceEnabled)
        {
            listeners.Add(new NameServiceListener(new IPEndPoint(options.BindAddress, options.NameServicePort), nameService, counters, logger) { Policy = policy.ForListener(), BroadcastAddress = broadcast, Limits = options.Limits });
        }

        if (options.DatagramServiceEnabled)
        {
            listeners.Add(new DatagramListener(new IPEndPoint(options.BindAddress, options.DatagramServicePort), names, pipeline, counters, logger) { Policy = policy.ForListener(), BroadcastAddress = broadcast, Limits = options.Limits });
        }

        if (options.SessionServiceEnabled)
        {
            listeners.Add(new SessionListener(new IPEndPoint(options.BindAddress, options.SessionServicePort), names, pipeline, counters, logger) { Policy = policy.ForListener(), Limits = options.Limits });
        }

        if (options.RpcEnabled)
        {
            listeners.Add(new RpcListener(new IPEndPoint(options.BindAddress, options.RpcPort), names, pipeline, counters, logger) { Policy = policy.ForListener(), Limits = options.Limits });
        }

        return listeners;
    }
}
