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

    /// <summary>Runs <paramref name="body"/> against the daemon; a <see cref="ControlClientException"/> becomes "messngr COMMAND: …" and its exit code.</summary>
    public static async Task<int> RunAsync(string command, CommandContext context, IReadOnlyDictionary<string, string> flags, Func<ControlClient, Task<int>> body)
    {
        ControlClient client;
        try
        {
            client = new ControlClient(context.LocateSocket(flags));
        }
        catch (ArgumentException ex)
        {
            // A state directory whose socket path cannot exist (issue #12, item 3).
            await context.Error.WriteLineAsync($"messngr {command}: {ClientText.Line(ex.Message)}").ConfigureAwait(false);
            return ExitCodes.Config;
        }

        try
        {
            return await body(client).ConfigureAwait(false);
        }
        catch (ControlClientException ex)
        {
            await context.Error.WriteLineAsync($"messngr {command}: {ClientText.Line(ex.Message)}").ConfigureAwait(false);
            return ex.ExitCode;
        }
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
