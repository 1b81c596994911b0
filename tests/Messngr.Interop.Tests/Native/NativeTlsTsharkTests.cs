using System.Text;
using Messngr.Interop.Tests.Support;

namespace Messngr.Interop.Tests.Native;

/// <summary>
/// Issue #13's test list: a capture of a native exchange on loopback, judged by tshark, shows
/// TLS 1.3 (supported_versions 0x0304 in both hellos) and holds no plaintext — neither the frame's
/// marker nor the certificates' names, which TLS 1.3 encrypts (RFC 8446 §4.4.2).
/// </summary>
public sealed class NativeTlsTsharkTests
{
    [Fact]
    public async Task Capture_of_a_native_exchange_shows_TLS_1_3_and_no_plaintext()
    {
        const string marker = "MESSNGR-PLAINTEXT-MARKER-7f3a";
        await using var host = new NativeTlsHost();
        using var capture = LoopbackCapture.Start(host.Port, TimeSpan.FromSeconds(120));

        await using (var channel = await host.Connector().ConnectAsync(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, host.Port), "server").WaitAsync(TimeSpan.FromSeconds(60)))
        {
            await channel.SendAsync(Encoding.ASCII.GetBytes(marker));
            var echo = await channel.ReceiveAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(60));
            Assert.Equal(marker, Encoding.ASCII.GetString(echo!));
        }

        capture.Stop();

        var hellos = capture.Fields("tls.handshake.type == 1 || tls.handshake.type == 2", "tls.handshake.type", "tls.handshake.extensions.supported_version");
        var serverHello = Assert.Single(hellos, fields => fields[0] == "2");
        Assert.Equal("0x0304", serverHello[1]); // the server chose TLS 1.3
        var clientHello = Assert.Single(hellos, fields => fields[0] == "1");
        Assert.Equal("0x0304", clientHello[1]); // and the client offered nothing else

        // Application data went as encrypted TLS records.
        Assert.NotEmpty(capture.Fields("tls.record.opaque_type == 23", "tls.app_data"));

        var pcap = capture.Bytes();
        foreach (var plaintext in new[] { marker, "messngr-client", "messngr-server" })
        {
            Assert.True(pcap.AsSpan().IndexOf(Encoding.ASCII.GetBytes(plaintext)) < 0, $"\"{plaintext}\" is readable in the capture");
        }
    }
}
