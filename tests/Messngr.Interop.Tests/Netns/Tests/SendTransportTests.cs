using System.Net;
using System.Runtime.InteropServices;
using Messngr.Daemon.Sending;
using Messngr.Daemon.Sending.Transports;
using Messngr.Wire.NetBios;

namespace Messngr.Interop.Tests.Netns.Tests;

/// <summary>
/// The classic senders, called in-process, against third-party receivers in the lab: Samba smbd
/// on HOSTB for the SMB path (protocols.md §5–§6) and messngr serve on HOSTA for the RPC and
/// mailslot paths (§7, §4). The sender runs "on HOSTC": its socket is created on a thread that
/// entered HOSTC's network namespace with setns(2) (a thread's namespace is its own; a socket keeps
/// the namespace it was created in, so the rest of the async call may run on any thread).
/// </summary>
[Collection(LabCollection.Name)]
public sealed class SendTransportTests
{
    private static readonly TransportSettings Settings = new() { Timeout = TimeSpan.FromSeconds(5), DatagramPort = 0 };

    private readonly Lab _lab;
    private readonly List<string> _trace = [];

    public SendTransportTests(Lab lab) => _lab = lab;

    private string Trace => string.Join('\n', _trace);

    private static NetBiosName Messenger(string name) => NetBiosName.Create(name, NetBiosName.SuffixMessenger);

    private Task<TransportResult> SmbFromHostC(IPEndPoint endpoint, string called, ClassicMessage message) =>
        InNamespace(_lab.HostC, () => new SmbMessageSender(Settings).SendAsync(endpoint, Messenger(called),
            NetBiosName.Create("HOSTC", NetBiosName.SuffixWorkstation), message, _trace.Add, SendDeadline.None, CancellationToken.None));

    [Fact]
    public async Task Samba_receives_a_single_block_message_sent_after_a_negotiate()
    {
        var samba = _lab.StartSamba();
        var text = Unique.Text("single block to smbd: Grüße");
        var result = await SmbFromHostC(new IPEndPoint(IPAddress.Parse(_lab.HostB.Address), 139), "HOSTB", new ClassicMessage("alice", "HOSTB", text));
        Assert.True(result.Outcome == SendOutcome.Delivered, $"{result.Detail}\n{Trace}\n{samba.Describe()}");
        Assert.Equal(1, result.Blocks);

        var message = samba.WaitForMessage(Unique.Tag(text));
        Assert.Equal((text, "alice", "hostb"), (message.Text, message.From, message.To));
    }

    [Fact]
    public async Task Samba_receives_a_2000_character_multi_block_message_with_line_breaks_and_accents()
    {
        var samba = _lab.StartSamba();
        var body = string.Concat(Enumerable.Range(0, 200).Select(i => $"Zeile {i,3}: äöüß\n"));
        var text = Unique.Text(body[..1980]);
        var result = await SmbFromHostC(new IPEndPoint(IPAddress.Parse(_lab.HostB.Address), 139), "HOSTB", new ClassicMessage("alice", "HOSTB", text));
        Assert.True(result.Outcome == SendOutcome.Delivered, $"{result.Detail}\n{Trace}\n{samba.Describe()}");
        Assert.True(result.Blocks > 15, result.Detail);

        // smbd converts CP850 to UTF-8 and drops the CR of each CR LF (protocols.md §6.7).
        var message = samba.WaitForMessage(Unique.Tag(text));
        Assert.Equal(text, message.Text);
    }

    [Fact]
    public async Task Samba_refuses_when_no_message_command_is_set_and_the_error_is_named()
    {
        _lab.StartSamba("message command =");
        try
        {
            var result = await SmbFromHostC(new IPEndPoint(IPAddress.Parse(_lab.HostB.Address), 139), "HOSTB", new ClassicMessage("alice", "HOSTB", "nobody listens"));
            Assert.True(result.Outcome == SendOutcome.Refused, $"{result.Detail}\n{Trace}");
            Assert.Contains("ERROR_REQ_NOT_ACCEP", result.Detail, StringComparison.Ordinal);
        }
        finally
        {
            _lab.StopSamba();
        }
    }

    [Fact]
    public async Task Messngr_on_HOSTA_takes_NetrSendMessage_and_refuses_a_name_it_does_not_hold()
    {
        var serve = _lab.Messngr;
        var text = Unique.Text("rpc from the sender: Grüße");
        var endpoint = new IPEndPoint(IPAddress.Parse(_lab.HostA.Address), 135);
        var result = await InNamespace(_lab.HostC, () => new RpcMessageSender(Settings).SendAsync(endpoint, new ClassicMessage("alice", "BOB", text), _trace.Add, CancellationToken.None));
        Assert.True(result.Outcome == SendOutcome.Delivered, $"{result.Detail}\n{Trace}\n{serve.Describe()}");
        Assert.Equal(text, serve.WaitForMessage(Unique.Tag(text)).Text);

        var refused = await InNamespace(_lab.HostC, () => new RpcMessageSender(Settings).SendAsync(endpoint, new ClassicMessage("alice", "SOMEONE", "x"), null, CancellationToken.None));
        Assert.Equal((SendOutcome.Refused, "NetrSendMessage returned NERR_NameNotFound (2273)"), (refused.Outcome, refused.Detail));
    }

    [Fact]
    public async Task Messngr_on_HOSTA_shows_a_workgroup_mailslot_broadcast()
    {
        var serve = _lab.Messngr;
        var text = Unique.Text("mailslot broadcast");
        var broadcast = new IPEndPoint(IPAddress.Parse(_lab.HostC.Broadcast), 138);
        var result = await InNamespace(_lab.HostC, () => new MailslotSender(Settings).SendAsync(broadcast, NetBiosName.Create("HOSTC", 0),
            NetBiosName.Create(Lab.Workgroup, 0), IPAddress.Parse(_lab.HostC.Address), new ClassicMessage("alice", Lab.Workgroup, text), _trace.Add, CancellationToken.None));
        Assert.True(result.Outcome == SendOutcome.AcceptedForBroadcast, $"{result.Detail}\n{Trace}");
        Assert.Equal(text, serve.WaitForMessage(Unique.Tag(text)).Text);
    }

    [Fact]
    public async Task Closed_port_in_the_lab_is_Unreachable()
    {
        _lab.StopSamba();
        var result = await SmbFromHostC(new IPEndPoint(IPAddress.Parse(_lab.HostB.Address), 139), "HOSTB", new ClassicMessage("alice", "HOSTB", "hi"));
        Assert.True(result.Outcome == SendOutcome.Unreachable, $"{result.Detail}\n{Trace}");
    }

    // <sched.h>
    private const int CloneNewNet = 0x40000000;

    [DllImport("libc", SetLastError = true)]
    private static extern int setns(int fd, int nstype);

    /// <summary>
    /// Starts <paramref name="start"/> on a fresh thread inside <paramref name="host"/>'s network
    /// namespace; everything up to its first pending await (the senders create their socket there)
    /// runs in the namespace. The thread ends right after, so no pool thread is ever moved.
    /// </summary>
    private static Task<T> InNamespace<T>(LabHost host, Func<Task<T>> start)
    {
        Task<T>? started = null;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                using var handle = File.OpenHandle($"/run/netns/{host.Namespace}");
                if (setns((int)handle.DangerousGetHandle(), CloneNewNet) != 0)
                {
                    throw new InvalidOperationException($"setns into {host.Namespace} failed: errno {Marshal.GetLastPInvokeError()}");
                }

                started = start();
            }
            catch (Exception ex)
            {
                failure = ex;
            }
        });
        thread.Start();
        thread.Join();
        return failure is not null ? Task.FromException<T>(failure) : started!;
    }
}
