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
    /// <summary><c>messngr send</c>'s exit code: that of the first recipient that failed, else 0.</summary>
    public static int ExitCode(IEnumerable<RecipientResult> results) =>
        results.FirstOrDefault(r => !r.Succeeded) is { } failed ? SendExitCodes.For(failed.Outcome) : ExitCodes.Ok;

    /// <summary>The line <c>messngr send</c> prints for <paramref name="result"/>, and whether it goes to standard error.</summary>
    public static (bool ToError, string Line) Printed(RecipientResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var line = SendResultLine.Format(result);
        return result.Succeeded ? (false, line) : (true, $"messngr send: {line}");
    }

    public static string Render(IReadOnlyList<RecipientResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var text = new StringBuilder($"exit {ExitCode(results)}\n");
        foreach (var result in results)
        {
            var (toError, line) = Printed(result);
            text.Append(toError ? "2 " : "1 ").Append(line).Append('\n');
        }

        return text.ToString();
    }
}
