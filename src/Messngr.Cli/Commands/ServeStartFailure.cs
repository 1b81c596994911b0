using Messngr.Daemon.Core;

namespace Messngr.Cli.Commands;

/// <summary>
/// How <c>messngr serve</c> ends when it cannot start: one line on standard error naming the
/// cause, and the documented exit code (issue #12, item 5) — never a stack trace.
/// </summary>
internal static class ServeStartFailure
{
    /// <summary>Prints "messngr serve: TEXT" and returns <paramref name="exitCode"/>.</summary>
    public static int Report(string text, int exitCode)
    {
        Console.Error.WriteLine($"messngr serve: {text}");
        return exitCode;
    }

    /// <summary>A configuration error's text without .NET's " (Parameter 'x')" suffix, which means nothing to an admin.</summary>
    public static string Text(Exception exception) =>
        exception is ArgumentException { ParamName: { } name } argument
            ? argument.Message.Replace($" (Parameter '{name}')", string.Empty, StringComparison.Ordinal)
            : exception.Message;

    /// <summary>The exit code of a store that cannot be used: 77 permission, 78 not a directory, 70 otherwise.</summary>
    public static int ExitCode(StoreException exception) => exception.Failure switch
    {
        StoreFailure.Permission => ExitCodes.Permission,
        StoreFailure.Configuration => ExitCodes.Config,
        _ => ExitCodes.Software,
    };
}
