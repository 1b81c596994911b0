using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Messngr.Daemon.Control.Api;

namespace Messngr.Cli.Control;

/// <summary>What every client command shares: connecting, turning failures into a message and an exit code, JSON output.</summary>
internal static class ClientCommand
{
    /// <summary>
    /// JSON for people and scripts: indented or one line, UTF-8 text left readable (control
    /// characters are still escaped as <c>\u001b</c>-style JSON escapes, so no escape sequence reaches a terminal raw).
    /// </summary>
    private static readonly JsonSerializerOptions Indented = new(ControlJsonContext.Default.Options)
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private static readonly JsonSerializerOptions OneLine = new(ControlJsonContext.Default.Options)
    {
        WriteIndented = false,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>
    /// Runs <paramref name="body"/> against the daemon within <c>--timeout</c>; a <see cref="ControlClientException"/>
    /// becomes "messngr COMMAND: …" and its exit code (with <c>--json</c> also an error object on standard output).
    /// </summary>
    public static async Task<int> RunAsync(string command, CommandContext context, IReadOnlyDictionary<string, string> flags, Func<ControlClient, Task<int>> body)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(flags);
        ArgumentNullException.ThrowIfNull(body);
        var timeout = ParseTimeout(command, flags.GetValueOrDefault("timeout"));
        ControlClient client;
        try
        {
            client = new ControlClient(context.LocateSocket(flags), timeout);
        }
        catch (ArgumentException ex)
        {
            // A state directory whose socket path cannot exist (issue #12, item 3).
            return await FailAsync(command, context, flags, ex.Message, ExitCodes.Config).ConfigureAwait(false);
        }

        try
        {
            return await body(client).ConfigureAwait(false);
        }
        catch (ControlClientException ex)
        {
            return await FailAsync(command, context, flags, ex.Message, ex.ExitCode).ConfigureAwait(false);
        }
    }

    /// <summary>"messngr COMMAND: …" on standard error; with <c>--json</c> also the error object on standard output.</summary>
    private static async Task<int> FailAsync(string command, CommandContext context, IReadOnlyDictionary<string, string> flags, string message, int exitCode)
    {
        var line = $"messngr {command}: {ClientText.Line(message)}";
        if (flags.GetValueOrDefault("json") == "yes")
        {
            await context.Out.WriteLineAsync(Output.JsonError.Format(line, exitCode)).ConfigureAwait(false);
        }

        await context.Error.WriteLineAsync(line).ConfigureAwait(false);
        return exitCode;
    }

    /// <summary><c>--timeout S</c> of the client commands: seconds, more than 0 and at most an hour; null for the default.</summary>
    public static TimeSpan? ParseTimeout(string command, string? value)
    {
        if (value is null)
        {
            return null;
        }

        return double.TryParse(value, System.Globalization.NumberStyles.AllowDecimalPoint, System.Globalization.CultureInfo.InvariantCulture, out var seconds) && seconds is > 0 and <= 3600
            ? TimeSpan.FromSeconds(seconds)
            : throw new UsageException($"{command}: --timeout: '{value}' is not a number of seconds (more than 0, at most 3600)");
    }

    public static string Json<T>(T value, bool indented = true)
    {
        var options = indented ? Indented : OneLine;
        return JsonSerializer.Serialize(value, (JsonTypeInfo<T>)options.GetTypeInfo(typeof(T)));
    }

    /// <summary>Parses <c>--limit</c>-like counts: a number in [min, max] or a usage error naming the option.</summary>
    public static int ParseCount(string command, string option, string? value, int fallback, int min, int max)
    {
        if (value is null)
        {
            return fallback;
        }

        return int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) && n >= min && n <= max
            ? n
            : throw new UsageException($"{command}: --{option} needs a number from {min} to {max}, not '{value}'");
    }
}
