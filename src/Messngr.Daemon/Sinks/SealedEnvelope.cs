using Messngr.Daemon.Core;

namespace Messngr.Daemon.Sinks;

/// <summary>
/// A sealed message (<see cref="ReceivedMessage.Sealed"/>; issue #13, item 6) as the sinks that are
/// not its recipient's own reading hand it on: its text replaced by the envelope line
/// (<see cref="TtyMessageFormatter.SealedLine"/>), so a hook that pops up a notification shows the
/// envelope, never the text, until its recipient opens it with <c>messngr read</c>.
/// </summary>
internal static class SealedEnvelope
{
    public static ReceivedMessage Closed(ReceivedMessage message) =>
        message.Sealed ? message with { Text = TtyMessageFormatter.SealedLine(message.MessageId) } : message;
}
