using System.Net.Sockets;
using System.Text;
using Messngr.Daemon.Systemd;

namespace Messngr.Daemon.Tests.Systemd;

/// <summary>Issue #15, item 5: the sd_notify(3) client — NOTIFY_SOCKET, WATCHDOG_USEC, WATCHDOG_PID.</summary>
public sealed class SdNotifyTests
{
    private static Dictionary<string, string> Env(params (string Key, string Value)[] pairs) =>
        pairs.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);

    [Theory]
    [InlineData("")]
    [InlineData("relative/notify")]
    [InlineData("@")]
    public void Without_a_usable_NOTIFY_SOCKET_there_is_no_notifier(string socket)
    {
        Assert.Null(SdNotify.FromEnvironment(Env(), 42));
        Assert.Null(SdNotify.FromEnvironment(Env(("NOTIFY_SOCKET", socket)), 42));
    }

    [Theory]
    [InlineData("30000000", null, 15_000)]
    [InlineData("30000000", "", 15_000)]
    [InlineData("30000000", "42", 15_000)]
    [InlineData("30000000", "41", null)]
    [InlineData("30000000", "x", null)]
    [InlineData("0", null, null)]
    [InlineData("-5", null, null)]
    [InlineData("soon", null, null)]
    public void The_watchdog_is_half_of_WATCHDOG_USEC_and_only_for_the_process_WATCHDOG_PID_names(string usec, string? pid, int? expectedMs)
    {
        var environment = Env(("NOTIFY_SOCKET", "/run/systemd/notify"), ("WATCHDOG_USEC", usec));
        if (pid is not null)
        {
            environment["WATCHDOG_PID"] = pid;
        }

        var notify = SdNotify.FromEnvironment(environment, processId: 42);

        Assert.NotNull(notify);
        Assert.Equal(expectedMs is { } ms ? TimeSpan.FromMilliseconds(ms) : null, notify.WatchdogInterval);
    }

    [Fact]
    public void A_message_reaches_an_abstract_socket_as_one_datagram()
    {
        var name = "messngr-sdnotify-" + Guid.NewGuid().ToString("N");
        using var server = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        server.Bind(new UnixDomainSocketEndPoint("\0" + name));
        var notify = SdNotify.FromEnvironment(Env(("NOTIFY_SOCKET", "@" + name)), 1)!;

        Assert.True(notify.Send("READY=1\nSTATUS=serving"));

        var buffer = new byte[256];
        server.ReceiveTimeout = 30_000;
        var length = server.Receive(buffer);
        Assert.Equal("READY=1\nSTATUS=serving", Encoding.UTF8.GetString(buffer, 0, length));
    }

    [Fact]
    public void A_socket_nobody_listens_on_is_not_an_error()
    {
        var notify = SdNotify.FromEnvironment(Env(("NOTIFY_SOCKET", "/nonexistent/messngr/notify")), 1)!;

        Assert.False(notify.Send("READY=1"));
    }

    [Fact]
    public void A_status_is_one_short_line()
    {
        var status = SdNotify.StatusLine("a\nREADY=1\r" + new string('x', 500));

        Assert.DoesNotContain('\n', status);
        Assert.StartsWith("a READY=1 x", status, StringComparison.Ordinal);
        Assert.Equal(200, status.Length);
    }
}
