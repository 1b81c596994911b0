using System.Net;
using Messngr.Daemon.Sending;

namespace Messngr.Daemon.Tests.Sending;

/// <summary>
/// The daemon's send engine (<see cref="DaemonSendStack"/>) over <see cref="FakeClassicTransports"/>:
/// computer HOSTA in workgroup LAB, BOB&lt;03&gt; at 192.0.2.5, one interface 192.0.2.1/24, and no
/// terminals (a /users send answers "shown from SENDER"). <c>sendsPerUser</c>: the per-uid cap of
/// its sends under way (<see cref="PerUserSendSlots"/>; the daemon's default when null).
/// </summary>
internal static class FakeSendStack
{
    public static DaemonSendStack Create(FakeClassicTransports transports, Messngr.Daemon.Metrics.DaemonMetrics? metrics = null, int? sendsPerUser = null) => new(
        new SendSettings
        {
            ComputerName = "HOSTA",
            Workgroup = "LAB",
            BroadcastInterfaces = () => [(IPAddress.Parse("192.0.2.1"), IPAddress.Parse("192.0.2.255"))],
            Timeout = TimeSpan.FromSeconds(30),
        },
        new TableResolver(new() { ["BOB<03>"] = "192.0.2.5" }),
        transports,
        sender => new NoTerminals(sender))
    {
        Metrics = metrics,
        Slots = new(sendsPerUser ?? Messngr.Daemon.Core.DaemonLimits.Default.MaxAnySendsInFlightPerUser),
    };

    private sealed class NoTerminals(string sender) : ILocalSessions
    {
        public Task<RecipientResult> ShowAsync(Recipient recipient, string text, CancellationToken cancellationToken) =>
            Task.FromResult(new RecipientResult(recipient, SendOutcome.Delivered, null, IPAddress.Loopback, "HOSTA", $"shown from {sender}"));
    }
}
