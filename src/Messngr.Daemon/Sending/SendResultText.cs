using System.Text;
using Messngr.Daemon.Core;

namespace Messngr.Daemon.Sending;

/// <summary>
/// What <c>messngr send</c> prints for its results, as one text for a client that only relays it
/// (<c>messngr-send</c>, issue #15, item 8; <c>POST /v1/send/any</c> with <c>Accept: text/plain</c>):
/// <code>
/// exit CODE            the exit code: that of the first recipient that failed, else 0
/// 1 LINE               a line for standard output (a recipient that succeeded)
/// 2 messngr send: LINE a line for standard error (one that failed)
/// </code>
/// Each LINE is <see cref="SendResultLine"/>'s, sanitised there, so none holds a line break.
/// </summary>
internal static class SendResultText
{
    public static string Render(IReadOnlyList<RecipientResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var exit = ExitCodes.Ok;
        var lines = new StringBuilder();
        foreach (var result in results)
        {
            if (!result.Succeeded && exit == ExitCodes.Ok)
            {
                exit = SendExitCodes.For(result.Outcome);
            }

            var line = SendResultLine.Format(result);
            lines.Append(result.Succeeded ? "1 " : "2 messngr send: ").Append(line).Append('\n');
        }

        return $"exit {exit}\n{lines}";
    }
}
