namespace Messngr.Cli.Options;

/// <summary>Rows that several client commands share, spelled once.</summary>
internal static class ClientOptions
{
    /// <summary>Seconds a control request may take when <c>--timeout</c> is not given (issue #12, item 12).</summary>
    public const double DefaultTimeoutSeconds = 5;

    public static readonly CommandOption StateDir = new(
        "state-dir", "DIR", "talk to the daemon whose state directory is DIR (default: as for 'messngr serve'; MESSNGR_STATE_DIR); a relative DIR is taken from the working directory, as serve takes it", OptionCompletion.Directory);

    public static readonly CommandOption Timeout = new(
        "timeout", "S", "seconds the daemon has to answer, from connecting to the last byte (default 5); then exit 75");
}
