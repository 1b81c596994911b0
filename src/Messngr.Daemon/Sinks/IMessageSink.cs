using Messngr.Daemon.Core;

namespace Messngr.Daemon.Sinks;

/// <summary>Somewhere a received message is shown (terminal, desktop, web, hook). Sinks never see transports.</summary>
internal interface IMessageSink
{
    /// <summary>The sink's name in counters and logs (<c>droppedSink.NAME</c>): tty, hook, console.</summary>
    string Name { get; }

    /// <summary>Takes one committed message; called by the sink's own worker (<c>SinkQueue</c>), one at a time.</summary>
    ValueTask DeliverAsync(ReceivedMessage message, CancellationToken cancellationToken);
}
