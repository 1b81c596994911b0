using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Messngr.Interop.Tests.Support;

namespace Messngr.Interop.Tests.Serve;

/// <summary>
/// Issue #15, item 5, on the real <c>messngr serve</c>: started as systemd starts a Type=notify
/// service (NOTIFY_SOCKET, WATCHDOG_USEC, WATCHDOG_PID), it says READY=1 once its ports answer,
/// feeds the watchdog, brackets a SIGHUP reload with RELOADING=1 … READY=1 and says STOPPING=1 on
/// SIGTERM (sd_notify(3)).
/// </summary>
public sealed class ServeNotifyTests : IDisposable
{
    private static readonly TimeSpan SafetyNet = TimeSpan.FromSeconds(60);

    private readonly string _dir = Directory.CreateTempSubdirectory("messngr-notify-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static bool Is(string message, string assignment) => message.Split('\n').Contains(assignment);

    private static bool SessionPortAnswers(int port)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    [Fact]
    public void Serve_says_READY_once_its_ports_answer_feeds_the_watchdog_and_says_RELOADING_and_STOPPING()
    {
        var sessionPort = FreePort.Next();
        bool? answeredAtReady = null;
        using var notify = new NotifySocket(Path.Combine(_dir, "notify.sock"), message =>
        {
            if (answeredAtReady is null && Is(message, "READY=1"))
            {
                answeredAtReady = SessionPortAnswers(sessionPort);
            }
        });
        // WATCHDOG_PID=$$: the shell's pid, which exec hands on to serve.
        var shell = $"NOTIFY_SOCKET={notify.Address} WATCHDOG_USEC=200000 WATCHDOG_PID=$$ exec \"$0\" \"$@\"";
        using var serve = ServeProcess.StartVia(shell, Path.Combine(_dir, "state"), "HOSTN", "LAB",
            "--session-service-port", sessionPort.ToString(CultureInfo.InvariantCulture));

        notify.WaitFor(m => Is(m, "READY=1"), 1, SafetyNet, "READY=1");
        Assert.True(answeredAtReady, "the session port did not answer when READY=1 arrived");
        var ready = notify.Messages.First(m => Is(m, "READY=1"));
        Assert.Contains("STATUS=serving HOSTN in LAB: ", ready, StringComparison.Ordinal);
        Assert.DoesNotContain(notify.Messages.TakeWhile(m => !Is(m, "READY=1")), m => Is(m, "WATCHDOG=1"));
        notify.WaitFor(m => Is(m, "WATCHDOG=1"), 3, SafetyNet, "WATCHDOG=1 three times");

        serve.Signal("HUP");
        notify.WaitFor(m => Is(m, "READY=1"), 2, SafetyNet, "READY=1 after the reload");
        var afterStart = notify.Messages.SkipWhile(m => !Is(m, "READY=1")).Skip(1).Where(m => !Is(m, "WATCHDOG=1")).ToList();
        Assert.True(Is(afterStart[0], "RELOADING=1"), string.Join("\n--\n", afterStart));
        Assert.Matches(@"(^|\n)MONOTONIC_USEC=\d+(\n|$)", afterStart[0]);
        Assert.True(Is(afterStart[1], "READY=1"), string.Join("\n--\n", afterStart));

        Assert.Equal(0, serve.Stop());
        notify.WaitFor(m => Is(m, "STOPPING=1"), 1, SafetyNet, "STOPPING=1");
        Assert.True(Is(notify.Messages[^1], "STOPPING=1"), "STOPPING=1 is the last word:\n" + string.Join("\n--\n", notify.Messages));
    }

    [Fact]
    public void A_WATCHDOG_PID_of_another_process_gets_no_WATCHDOG_from_serve()
    {
        using var notify = new NotifySocket("@messngr-notify-test-" + Guid.NewGuid().ToString("N"));
        // An abstract socket (NOTIFY_SOCKET=@name) and a watchdog meant for pid 1, not for serve.
        var shell = $"NOTIFY_SOCKET={notify.Address} WATCHDOG_USEC=200000 WATCHDOG_PID=1 exec \"$0\" \"$@\"";
        using var serve = ServeProcess.StartVia(shell, Path.Combine(_dir, "state"), "HOSTW", "LAB");

        notify.WaitFor(m => Is(m, "READY=1"), 1, SafetyNet, "READY=1 on an abstract socket");
        Assert.Equal(0, serve.Stop());
        notify.WaitFor(m => Is(m, "STOPPING=1"), 1, SafetyNet, "STOPPING=1");
        Assert.DoesNotContain(notify.Messages, m => Is(m, "WATCHDOG=1"));
    }
}
