namespace Messngr.Daemon.Core;

/// <summary>
/// The exit codes of every command, one set (BSD sysexits where one fits; documented in the README
/// and in each command's --help). A command uses the ones that can happen to it.
/// </summary>
internal static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>Bad command line: unknown option, missing argument (EX_USAGE).</summary>
    public const int Usage = 64;

    /// <summary>The request's data was refused: text that cannot go that way, an invalid or existing name (EX_DATAERR).</summary>
    public const int DataError = 65;

    /// <summary>An input file cannot be read, e.g. send's @FILE list (EX_NOINPUT).</summary>
    public const int NoInput = 66;

    /// <summary>The name was not found by any resolution method (EX_NOHOST).</summary>
    public const int NameNotFound = 68;

    /// <summary>Nothing answered: connection refused, no route, no daemon on the control socket (EX_UNAVAILABLE).</summary>
    public const int Unavailable = 69;

    /// <summary>An unexpected failure (EX_SOFTWARE).</summary>
    public const int Software = 70;

    /// <summary>The ports or the state directory are held by another process: nmbd/smbd, another messngr serve.</summary>
    public const int InUse = 73;

    /// <summary>No answer in time; trying again may work (EX_TEMPFAIL).</summary>
    public const int TimedOut = 75;

    /// <summary>The peer answered something that is not the protocol (EX_PROTOCOL).</summary>
    public const int ProtocolError = 76;

    /// <summary>Permission denied: refused by the receiver or the daemon, or the daemon could not become its user (EX_NOPERM).</summary>
    public const int Permission = 77;

    /// <summary>Bad configuration value or file (EX_CONFIG).</summary>
    public const int Config = 78;
}
