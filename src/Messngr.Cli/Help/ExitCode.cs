namespace Messngr.Cli.Help;

/// <summary>One exit code a command can end with (one of <see cref="ExitCodes"/>) and what it means for that command.</summary>
internal sealed record ExitCode(int Code, string Meaning);
