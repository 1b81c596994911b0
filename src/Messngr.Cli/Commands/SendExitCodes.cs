using Messngr.Daemon.Sending;

namespace Messngr.Cli.Commands;

/// <summary>
/// How <c>messngr send</c> maps each recipient's outcome to <see cref="ExitCodes"/> and words
/// (documented in --help and the README). With several recipients the code is that of the first
/// recipient that failed.
/// </summary>
internal static class SendExitCodes
{
    public const string HelpText = """
        exit codes: 0 delivered (or accepted for broadcast), 64 usage error, 65 text cannot go that
                    way (too long, character not in the code page), 66 @FILE unreadable, 68 name not
                    found, 69 unreachable, 70 internal error, 75 timed out, 76 protocol error (the
                    receiver answered garbage), 77 refused by the receiver, 78 configuration error.
                    With several recipients: the code of the first one that failed.

        """;

    public static int For(SendOutcome outcome) => outcome switch
    {
        SendOutcome.Delivered or SendOutcome.AcceptedForBroadcast => ExitCodes.Ok,
        SendOutcome.NameNotFound => ExitCodes.NameNotFound,
        SendOutcome.Refused => ExitCodes.Permission,
        SendOutcome.Unreachable => ExitCodes.Unavailable,
        SendOutcome.TimedOut => ExitCodes.TimedOut,
        SendOutcome.ProtocolError => ExitCodes.ProtocolError,
        SendOutcome.Invalid => ExitCodes.DataError,
        _ => ExitCodes.Software,
    };

    /// <summary>Words for the result line and the JSON <c>outcome</c> field.</summary>
    public static string Word(SendOutcome outcome) => outcome switch
    {
        SendOutcome.Delivered => "delivered",
        SendOutcome.AcceptedForBroadcast => "accepted-for-broadcast",
        SendOutcome.NameNotFound => "name-not-found",
        SendOutcome.Refused => "refused",
        SendOutcome.Unreachable => "unreachable",
        SendOutcome.TimedOut => "timed-out",
        SendOutcome.ProtocolError => "protocol-error",
        _ => "invalid",
    };
}
