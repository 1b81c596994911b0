using Messngr.Daemon.Core;

namespace Messngr.Daemon.Sending;

/// <summary>
/// How <c>messngr send</c> maps each recipient's outcome to <see cref="ExitCodes"/> and words
/// (documented in --help and the README). With several recipients the code is that of the first
/// recipient that failed.
/// </summary>
internal static class SendExitCodes
{
    public static int For(SendOutcome outcome) => outcome switch
    {
        SendOutcome.Delivered or SendOutcome.AcceptedForBroadcast => ExitCodes.Ok,
        SendOutcome.NameNotFound => ExitCodes.NameNotFound,
        SendOutcome.Refused => ExitCodes.Permission,
        SendOutcome.Unreachable => ExitCodes.Unavailable,
        SendOutcome.TimedOut => ExitCodes.TimedOut,
        SendOutcome.ProtocolError => ExitCodes.ProtocolError,
        SendOutcome.Invalid or SendOutcome.Expired => ExitCodes.DataError,
        SendOutcome.Queued => ExitCodes.TimedOut,
        _ => ExitCodes.Software,
    };

    /// <summary>Words for the result line and the JSON <c>outcome</c> field (the daemon's <c>POST /v1/send/any</c> uses the same).</summary>
    public static string Word(SendOutcome outcome) => Control.ControlAnySendEndpoints.OutcomeWord(outcome);
}
