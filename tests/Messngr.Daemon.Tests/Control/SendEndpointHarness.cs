using System.Text;
using Messngr.Daemon.Core;

namespace Messngr.Daemon.Tests.Control;

/// <summary>The control server with a fake <see cref="Native.INativeDelivery"/> behind <c>POST /v1/send</c>, and that request raw.</summary>
internal static class SendEndpointHarness
{
    public static async Task<(ControlServerFixture Fixture, FakeNativeDelivery Delivery)> StartAsync(DaemonLimits? limits = null)
    {
        var f = await ControlServerFixture.StartAsync(limits);
        var delivery = new FakeNativeDelivery(f.Daemon);
        f.Daemon.Delivery = delivery;
        return (f, delivery);
    }

    public static Task<(int Status, string Response)> PostAsync(ControlServerFixture f, string json) =>
        ControlServerTests.RawAsync(f.Server.SocketPath, "POST /v1/send HTTP/1.1", $"Content-Type: application/json\r\nContent-Length: {Encoding.UTF8.GetByteCount(json)}\r\n", json);
}
