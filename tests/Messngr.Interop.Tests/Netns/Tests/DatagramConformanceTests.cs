using System.Text.Json;

namespace Messngr.Interop.Tests.Netns.Tests;

/// <summary>
/// Issue #11, items 9 and 10 (docs/classic-conformance.md): odd <c>\MAILSLOT\MESSNGR</c> datagrams
/// a real peer sends, built by scapy and Impacket on HOSTC (<c>peers/mailslot_send.py</c>
/// <c>--trailing</c>, <c>--type</c>), what the messngr on HOSTA stores, and what Samba's nmbd on
/// HOSTB does with the same datagram (its log at level 5: <c>process_dgram</c>).
/// </summary>
[Collection(LabCollection.Name)]
public sealed class DatagramConformanceTests
{
    private readonly Lab _lab;

    public DatagramConformanceTests(Lab lab) => _lab = lab;

    private long Counter(string name)
    {
        var result = _lab.MessngrCommand(_lab.HostA, ["status", "--json", "--state-dir", _lab.StateDirectory(_lab.HostA)]);
        Assert.True(result.ExitCode == 0, $"messngr status: {result.Output}{result.Error}");
        using var document = JsonDocument.Parse(result.Output);
        return document.RootElement.GetProperty("counters").GetProperty(name).GetInt64();
    }

    private string Send(string builder, string type, string address, string destinationName, string destinationSuffix, string to, string text, string trailing = "")
    {
        var result = _lab.Python(_lab.HostC, "mailslot_send.py",
            "--builder", builder, "--type", type, "--dst-ip", address, "--src-name", "HOSTC", "--dst-name", destinationName,
            "--dst-suffix", destinationSuffix, "--from", "alice", "--to", to, "--text", text, "--trailing", trailing);
        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        return result.Output;
    }

    /// <summary>Item 9: <c>text\0\0</c>, padding to 4, a fixed-size buffer's zeros, leftovers of an earlier text.</summary>
    [Fact]
    public void Trailing_bytes_after_the_text_nul_are_stored_counted_and_nmbd_takes_the_same_datagrams()
    {
        var samba = _lab.StartSamba("log level = 5");
        var serve = _lab.Messngr;
        string[] variants = ["00", "000000", new string('0', 2 * 200), "00787a00ff"];
        var before = Counter("toleratedTrailingBytes");
        using var capture = _lab.Capture(_lab.HostC, "udp port 138", TimeSpan.FromSeconds(60));
        foreach (var (trailing, i) in variants.Select((v, i) => (v, i)))
        {
            var builder = i % 2 == 0 ? "scapy" : "impacket";
            var text = Unique.Text($"trailing {trailing.Length / 2} bytes via {builder}");
            var sent = Send(builder, "unique", _lab.HostA.Address, "HOSTA", "3", "HOSTA", text, trailing);
            var message = serve.WaitForMessage(Unique.Tag(text));
            Assert.True((text, "alice", "HOSTA") == (message.Text, message.From, message.To), sent);

            // The same datagram to HOSTB<03>: nmbd takes it (the mailslot layer is well formed) and,
            // as for every \MAILSLOT\MESSNGR write, never looks at the payload (protocols.md §3.4).
            Send(builder, "unique", _lab.HostB.Address, "HOSTB", "3", "HOSTB", text, trailing);
        }

        Assert.Equal(before + variants.Length, Counter("toleratedTrailingBytes"));
        samba.WaitForNmbdLog($"to HOSTB<03> IP {_lab.HostC.Address} for \\MAILSLOT\\MESSNGR");
        capture.Stop();
        var ours = $"ip.src == {_lab.HostC.Address} && udp.dstport == 138";
        Assert.Equal(2 * variants.Length, capture.Fields(ours + " && mailslot", "mailslot.name").Count);
        Assert.True(capture.Problems(ours).Count == 0, string.Join('\n', capture.Problems()) + "\n" + capture.Summary());
    }

    /// <summary>Item 10: a group datagram is ours only when its destination, suffix included, is a name we hold.</summary>
    [Fact]
    public void Group_datagrams_to_groups_messngr_never_registered_are_not_stored_and_nmbd_ignores_those_it_does_not_hold()
    {
        var samba = _lab.StartSamba("log level = 5");
        var serve = _lab.Messngr;
        var before = Counter("ignored");
        var refused = new List<string>();
        foreach (var suffix in new[] { "0x1e", "0x1d", "0x1b", "0x20", "0x03" })
        {
            var text = Unique.Text($"group datagram to LAB<{suffix[2..]}>");
            Send("scapy", "group", _lab.HostC.Broadcast, Lab.Workgroup, suffix, Lab.Workgroup, text);
            refused.Add(Unique.Tag(text));
        }

        // The workgroup <00> itself is ours: this one arrives, and the five before it did not.
        var control = Unique.Text("group datagram to LAB<00>");
        Send("scapy", "group", _lab.HostC.Broadcast, Lab.Workgroup, "0", Lab.Workgroup, control);
        Assert.Equal(Lab.Workgroup, serve.WaitForMessage(Unique.Tag(control)).To);
        Thread.Sleep(TimeSpan.FromSeconds(1)); // the control came last on the same socket; a little more for the pipeline
        Assert.DoesNotContain(serve.Messages, m => refused.Any(tag => m.Text.Contains(tag, StringComparison.Ordinal)));
        Assert.True(Counter("ignored") >= before + 5);

        // nmbd (listening(): the destination with its type must be one of its names) ignores LAB<1b>,
        // which it never registered, and takes LAB<1e>, its browser-election group.
        samba.WaitForNmbdLog("ignoring dgram packet sent to name LAB<1b>");
        samba.WaitForNmbdLog($"to LAB<1e> IP {_lab.HostC.Address} for \\MAILSLOT\\MESSNGR");
    }

    /// <summary>Item 10: BROADCAST (0x12) is for every node; the payload's To decides, whatever the destination name says.</summary>
    [Fact]
    public void Broadcast_datagrams_are_stored_when_the_payload_To_is_ours_whatever_their_destination()
    {
        var samba = _lab.StartSamba("log level = 5");
        var serve = _lab.Messngr;
        foreach (var (name, suffix) in new[] { ("*", "0"), ("LAB", "0x1e"), ("NOSUCHGROUP", "0") })
        {
            var mine = Unique.Text($"broadcast datagram to {name}<{suffix}> for HOSTA");
            var sent = Send("impacket", "broadcast", _lab.HostC.Broadcast, name, suffix, "HOSTA", mine);
            var message = serve.WaitForMessage(Unique.Tag(mine));
            Assert.True(("HOSTA", "mailslot") == (message.To, message.Transport), sent);

            var others = Unique.Text($"broadcast datagram to {name}<{suffix}> for another host");
            Send("impacket", "broadcast", _lab.HostC.Broadcast, name, suffix, "OTHERPC", others);
            serve.AssertNoMessage(Unique.Tag(others), TimeSpan.FromMilliseconds(500));
        }

        // nmbd applies listening() to 0x12 as to 0x10/0x11: a name it does not hold is ignored; it
        // takes *<00> (a "magic" name it adds to every subnet) and LAB<1e> (its election group).
        samba.WaitForNmbdLog("ignoring dgram packet sent to name NOSUCHGROUP<00>");
        samba.WaitForNmbdLog($"to *<00> IP {_lab.HostC.Address} for \\MAILSLOT\\MESSNGR");
        samba.WaitForNmbdLog($"to LAB<1e> IP {_lab.HostC.Address} for \\MAILSLOT\\MESSNGR");
    }
}
