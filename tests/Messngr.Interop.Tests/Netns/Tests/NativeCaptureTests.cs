using System.Text;
using System.Text.Json;

namespace Messngr.Interop.Tests.Netns.Tests;

/// <summary>
/// Issue #13, "Tests that must exist and pass": a capture on the lab's wire while A sends natively
/// to C. tshark (TCP 2426 decoded as TLS) shows TLS 1.3 — supported_versions 0x0304 in both hellos
/// (RFC 8446 §4.2.1) — and the pcap's bytes hold neither the message's marker nor the sending
/// user's name (the MESSAGE frame, docs/native-protocol.md §5.1, travels only inside TLS). The
/// capture runs on HOSTC's interface, where every packet between A and C passes.
/// </summary>
[Collection(LabCollection.Name)]
public sealed class NativeCaptureTests
{
    private const int NativePort = 2426;
    private readonly Lab _lab;

    public NativeCaptureTests(Lab lab) => _lab = lab;

    [Fact]
    public void A_native_message_on_the_wire_is_TLS_1_3_with_no_plaintext()
    {
        using var a = NativeLabNodes.Start(_lab, _lab.HostA, "WIREA");
        using var c = NativeLabNodes.Start(_lab, _lab.HostC, "WIREC");
        NativeLabNodes.TrustEachOther(_lab, a, "WIREA", c, "WIREC");
        var marker = $"MARKER-{Guid.NewGuid():N}";
        const string user = "root"; // the tests run as root: the sender the daemon puts in the frame

        using var capture = _lab.Capture(_lab.HostC, $"tcp port {NativePort}", TimeSpan.FromSeconds(300));
        var send = _lab.MessngrCommand(_lab.HostA, "send", "--native", "--json", "--state-dir", a.StateDirectory, $"WIREC@{_lab.HostC.Address}", marker);
        Assert.True(send.ExitCode == 0, $"exit {send.ExitCode}\n{send.Output}{send.Error}\n{a.Log}");
        c.WaitForMessage(marker, TimeSpan.FromSeconds(60));
        using (var history = JsonDocument.Parse(_lab.MessngrCommand(_lab.HostC, "history", "--json", "--state-dir", c.StateDirectory).Output))
        {
            // The user really is in the message: C learnt it from the encrypted frame.
            Assert.Equal(user, Assert.Single(history.RootElement.EnumerateArray()).GetProperty("senderUser").GetString());
        }

        capture.Stop();

        var summary = capture.Summary();
        var hellos = capture.TlsFields(NativePort, "tls.handshake.type == 1 || tls.handshake.type == 2", "tls.handshake.type", "tls.handshake.extensions.supported_version");
        // A's connection to C, and C's to A for the displayed receipt: each client offered TLS 1.3
        // and nothing else, and each server chose it.
        Assert.Contains(hellos, f => f[0] == "1");
        Assert.Contains(hellos, f => f[0] == "2");
        Assert.All(hellos, f => Assert.Equal("0x0304", f[1]));
        Assert.NotEmpty(capture.TlsFields(NativePort, "tls.record.opaque_type == 23", "tls.app_data"));

        var pcap = File.ReadAllBytes(capture.PcapPath);
        foreach (var plaintext in new[] { marker, user })
        {
            Assert.True(pcap.AsSpan().IndexOf(Encoding.UTF8.GetBytes(plaintext)) < 0, $"\"{plaintext}\" is readable in the capture:\n{summary}");
        }
    }
}
