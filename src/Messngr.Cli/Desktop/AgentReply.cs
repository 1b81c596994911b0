using Messngr.Daemon.Control.Api;

namespace Messngr.Cli.Desktop;

/// <summary>
/// Where an inline reply goes (issue #14, item 1), as the web page's replyTarget answers: a native
/// message to its sender's user at the node's address (<c>--native USER@ADDRESS</c>, the daemon's
/// <c>POST /v1/send</c>, on the native port the daemon uses by default), a classic one to its
/// sender's NetBIOS name the way <c>messngr send NAME</c> sends it. The reply is sent by
/// <see cref="Commands.SendCommand"/> itself, so it is the same send as on the command line.
/// </summary>
internal static class AgentReply
{
    /// <summary>The arguments of <c>messngr send</c> that answer <paramref name="message"/> with <paramref name="text"/>.</summary>
    public static IReadOnlyList<string> SendArguments(MessageDto message, string text, IReadOnlyDictionary<string, string> flags)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(flags);
        var args = new List<string>();
        if (flags.TryGetValue("state-dir", out var stateDir))
        {
            args.Add("--state-dir");
            args.Add(stateDir);
        }

        if (message.Transport == "native" && message.SenderUser is { } user)
        {
            args.Add("--native");
            args.Add(message.SourceAddress.Contains(':', StringComparison.Ordinal) ? $"{user}@[{message.SourceAddress}]" : $"{user}@{message.SourceAddress}");
        }
        else
        {
            args.Add(message.From);
        }

        args.Add("--");
        args.Add(text);
        return args;
    }
}
