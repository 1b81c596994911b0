using System.Text;
using Messngr.Daemon.Sending;
using Messngr.Daemon.Sinks;
using Messngr.Daemon.Tests.Sinks;
using Messngr.Daemon.Tests.Users;
using Messngr.Daemon.Users;
using Microsoft.Extensions.Logging.Abstractions;

namespace Messngr.Daemon.Tests.Sending;

/// <summary><c>send /users</c>: every terminal session of this host, like wall(1), through the daemon's tty sink.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class LocalTerminalSessionsTests
{
    private static readonly Recipient Users = new("/users", RecipientForm.LocalUsers);

    private static LocalTerminalSessions Sessions(TempDirectory dev, params LoggedOnUser[] users) => new(
        new TtySink(new FixedUsers(users), new RecipientResolver("HOSTB", "LAB", _ => null, _ => false), TtySinkOptions.Default with { DeviceRoot = dev.Path }, NullLogger.Instance, (_, _) => null),
        "alice",
        "HOSTB");

    private static string Terminal(TempDirectory dev, string line, UnixFileMode mode)
    {
        var path = Path.Combine(dev.Path, line);
        File.WriteAllBytes(path, []);
        File.SetUnixFileMode(path, mode);
        return path;
    }

    [Fact]
    public async Task Every_session_gets_the_message_from_the_verified_local_user()
    {
        using var dev = new TempDirectory();
        var one = Terminal(dev, "tty1", UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupWrite);
        var two = Terminal(dev, "tty2", UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupWrite);
        var result = await Sessions(dev, new LoggedOnUser("bob", 1001, "tty1"), new LoggedOnUser("carol", 1002, "tty2"))
            .ShowAsync(Users, "reboot at 18:00\u001b[2J", CancellationToken.None);

        Assert.Equal(SendOutcome.Delivered, result.Outcome);
        Assert.Equal("shown on 2 terminals", result.Detail);
        foreach (var tty in new[] { one, two })
        {
            var shown = Encoding.UTF8.GetString(await File.ReadAllBytesAsync(tty));
            Assert.Contains("Message from alice to HOSTB", shown, StringComparison.Ordinal);
            Assert.Contains("(local, verified)", shown, StringComparison.Ordinal);
            Assert.Contains("reboot at 18:00", shown, StringComparison.Ordinal);
            Assert.DoesNotContain('\u001b', shown);
        }
    }

    [Fact]
    public async Task Nobody_logged_on_is_name_not_found_and_all_muted_is_refused()
    {
        using var dev = new TempDirectory();
        Assert.Equal(SendOutcome.NameNotFound, (await Sessions(dev).ShowAsync(Users, "hi", CancellationToken.None)).Outcome);

        Terminal(dev, "tty3", UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var muted = await Sessions(dev, new LoggedOnUser("bob", 1001, "tty3")).ShowAsync(Users, "hi", CancellationToken.None);
        Assert.Equal(SendOutcome.Refused, muted.Outcome);
        Assert.Contains("bob on tty3: messages off (mesg n)", muted.Detail, StringComparison.Ordinal);
    }
}
