namespace Messngr.Cli;

/// <summary>Exit codes of every command (documented in the README and in --help). BSD sysexits where one fits.</summary>
internal static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>Bad command line: unknown option, missing argument (EX_USAGE).</summary>
    public const int Usage = 64;

    /// <summary>The name was not found by any resolution method (EX_NOHOST).</summary>
    public const int NameNotFound = 68;

    /// <summary>The node or the network did not answer (EX_UNAVAILABLE).</summary>
    public const int Unreachable = 69;

    /// <summary>Permission denied, e.g. the daemon could not become its configured user (EX_NOPERM).</summary>
    public const int Permission = 77;

    /// <summary>Bad configuration value or file (EX_CONFIG).</summary>
    public const int Config = 78;

    /// <summary>An unexpected failure (EX_SOFTWARE).</summary>
    public const int Software = 70;
}
