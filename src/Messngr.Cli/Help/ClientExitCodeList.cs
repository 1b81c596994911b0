namespace Messngr.Cli.Help;

/// <summary>The exit codes the control-socket clients (name, history, listen, status) share; each command adds its own.</summary>
internal static class ClientExitCodeList
{
    public static readonly ExitCode Usage = new(ExitCodes.Usage, "usage error");
    public static readonly ExitCode NotRunning = new(ExitCodes.Unavailable, "daemon not running");
    public static readonly ExitCode Internal = new(ExitCodes.Software, "internal error or an answer this messngr does not understand");
    public static readonly ExitCode TimedOut = new(ExitCodes.TimedOut, "the daemon did not answer within --timeout");
    public static readonly ExitCode Permission = new(ExitCodes.Permission, "permission denied");
    public static readonly ExitCode Config = new(ExitCodes.Config, "configuration error (e.g. a state directory whose socket path is too long)");
}
