using Messngr.Daemon.Messages;
using Messngr.Daemon.Options;
using Microsoft.Extensions.Logging;

namespace Messngr.Daemon.Listeners;

/// <summary>Builds the enabled classic listeners (UDP 137, UDP 138, TCP 139, UDP 135).</summary>
internal static class ClassicListeners
{
    public static IReadOnlyList<IListener> Create(ServeOptions options, LocalNames names, MessagePipeline pipeline, ListenerCounters counters, ILoggerFactory loggerFactory)
    {
        var listeners = new List<IListener>();
        return listeners;
    }
}
