using Messngr.Daemon.Core;

namespace Messngr.Daemon.Sinks;

/// <summary>Somewhere a received message is shown (terminal, desktop, web, hook). Sinks never see transports.</summary>
internal interface IMessageSink
{
    ValueTask DeliverAsync(ReceivedMessage message, CancellationToken cancellationToken);
}
