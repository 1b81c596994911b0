using Messngr.Daemon.Sending;

namespace Messngr.Daemon.Control;

/// <summary>A relayed integration's alert, checked and ready to send (<see cref="ControlIntegrationSend"/>).</summary>
internal sealed record IntegrationSend(IReadOnlyList<Recipient> Recipients, string Text, string Priority, string? CorrelationKey);
