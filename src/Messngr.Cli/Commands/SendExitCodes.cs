using Messngr.Daemon.Sending;

namespace Messngr.Cli.Commands;

/// <summary>
/// Exit codes of <c>messngr send</c> (BSD sysexits where one fits; documented in --help and the
/// README). With several recipients the code is that of the first recipient that failed.
/// </summary>
internal static class SendExitCodes
{
    public const int Ok = 0;

    public const int Usage = 64;

    /// <summary>The text cannot go that way: too long for a broadcast, a character outside the code page (EX_DATAERR).</summary>
    public const int DataError = 65;

    /// <summary>An @FILE list cannot be read (EX_NOINPUT).</summary>
    public const int NoInput = 66;

    /// <summary>No address for the name or host (EX_NOHOST).</summary>
    public const int NameNotFound = 68;

    /// <summary>Nothing answered at the address: connection refused, no route (EX_UNAVAILABLE).</summary>
    public const int Unreachable = 69;

    public const int Software = 70;

    /// <summary>The receiver did not answer in time (EX_TEMPFAIL: trying again may work).</summary>
    public const int TimedOut = 75;

    /// <summary>The receiver answered something that is not the protocol (EX_PROTOCOL).</summary>
    public const int ProtocolError = 76;

    /// <summary>The receiver said no: negative session response, SMB error, RPC error status (EX_NOPERM).</summary>
    public const int Refused = 77;

    public const string HelpText = """
        exit codes: 0 delivered (or accepted for broadcast), 64 usage error, 65 text cannot go that
                    way (too long, character not in the code page), 66 @FILE unreadable, 68 name not
                    found, 69 unreachable, 70 internal error, 75 timed out, 76 protocol error (the
                    receiver answered garbage), 77 refused by the receiver. With several recipients:
                    the code of the first one that failed.

        """;

    public static int For(SendOutcome outcome) => outcome switch
    {
        SendOutcome.Delivered or SendOutcome.AcceptedForBroadcast => Ok,
        SendOutcome.NameNotFound => NameNotFound,
        SendOutcome.Refused => Refused,
        SendOutcome.Unreachable => Unreachable,
        SendOutcome.TimedOut => TimedOut,
        SendOutcome.ProtocolError => ProtocolError,
        SendOutcome.Invalid => DataError,
        _ => Software,
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
