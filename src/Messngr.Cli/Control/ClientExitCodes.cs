namespace Messngr.Cli.Control;

/// <summary>
/// Which of <see cref="ExitCodes"/> the client commands (name, history, listen, status) can end
/// with, as their --help texts list them.
/// </summary>
internal static class ClientExitCodes
{
    /// <summary>The line the commands' --help texts end with.</summary>
    public const string HelpLine =
        "exit codes: 0 ok, 64 usage error, 65 request refused (invalid, not found, exists, conflict),\n" +
        "            69 daemon not running, 70 internal error, 77 permission denied,\n" +
        "            78 configuration error (a state directory too long for its socket)\n";
}
