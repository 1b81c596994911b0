using System.Net;
using Messngr.Daemon.Users;
using Messngr.Daemon.Core;

namespace Messngr.Daemon.Tests.Sinks;

internal static class TestMessages
{
    public static readonly DateTimeOffset At = new(2026, 11, 23, 12, 34, 56, TimeSpan.Zero);

    public static ReceivedMessage Message(string text, string from = "ALICE", string to = "HOSTB", bool authenticated = false) =>
        new(from, to, text, MessageTransport.Smb, new IPEndPoint(IPAddress.Parse("192.0.2.7"), 1234), At, authenticated);
}

/// <summary>A fixed list of sessions standing in for utmp.</summary>
internal sealed class FixedUsers(params LoggedOnUser[] users) : ILoggedOnUsers
{
    public IReadOnlyList<LoggedOnUser> Current() => users;
}
