namespace Messngr.Cli.Control;

/// <summary>
/// Exit codes of the client commands (name, history, listen, status) beyond <see cref="ExitCodes"/>,
/// BSD sysexits(3) where one fits; each command's --help lists them.
/// </summary>
internal static class ClientExitCodes
{
    /// <summary>The daemon refused the request's data: invalid name, no such name, name exists or conflicts (EX_DATAERR).</summary>
    public const int DataError = 65;

    /// <summary>No daemon answers on the control socket (EX_UNAVAILABLE).</summary>
    public const int Unavailable = 69;

    /// <summary>The socket or the daemon refused the caller's uid (EX_NOPERM).</summary>
    public const int PermissionDenied = 77;

    /// <summary>The line the commands' --help texts end with.</summary>
    public const string HelpLine =
        "exit codes: 0 ok, 64 usage error, 65 request refused (invalid, not found, exists, conflict),\n" +
        "            69 daemon not running, 70 internal error, 77 permission denied\n";
}
