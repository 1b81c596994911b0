using System.Text.Json;
using Messngr.Cli.Help;
using Messngr.Cli.Options;
using Messngr.Daemon.Display;
using Messngr.Daemon.Options;

namespace Messngr.Cli.Commands;

/// <summary>
/// <c>messngr config check</c> (issue #15, item 5): every problem of the config file at once, as
/// <c>FILE:LINE: key 'KEY': value 'VALUE': reason</c>, judged by the loader <c>messngr serve</c>
/// uses (<see cref="ConfigCheck"/>). Needs no daemon.
/// </summary>
internal static class ConfigCommand
{
    public static readonly CommandHelp Manual = new(
        "config",
        "check the config file: every bad value, unknown and repeated key, with its line",
        "usage: messngr config check [--config FILE] [--json]",
        """
        Reads the config file as 'messngr serve' does and reports every problem, one a line:
        FILE:LINE: key 'KEY': value 'VALUE': reason. Problems are values serve would refuse,
        unknown keys (with the nearest known key when it is close), a key set twice (serve uses
        the last), lines that are not 'key = value', and keys outside [global]. A valid file
        prints 'FILE: N keys, OK'. Only the file is judged: MESSNGR_* variables and serve's
        flags are not. Run it after editing, before 'systemctl reload messngr'.
        """,
        ConfigOptionTable.All,
        [
            new(ExitCodes.Ok, "the file is valid"),
            new(ExitCodes.Usage, "usage error"),
            new(ExitCodes.NoInput, "the config file does not exist"),
            new(ExitCodes.Permission, "this user may not read the config file"),
            new(ExitCodes.Config, "the file has problems (each is listed)"),
        ]);

    public static string Help => Manual.Text;

    public static int Run(IReadOnlyList<string> args) => Run(args, Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>()
        .ToDictionary(e => (string)e.Key, e => (string?)e.Value ?? string.Empty, StringComparer.Ordinal), Console.Out, Console.Error);

    public static int Run(IReadOnlyList<string> args, IReadOnlyDictionary<string, string> environment, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        var line = CommandLine.Parse("config", args, ConfigOptionTable.All);
        if (line.Help)
        {
            output.Write(Help);
            return ExitCodes.Ok;
        }

        if (line.Positional.Count != 1 || !line.Positional[0].Equals("check", StringComparison.OrdinalIgnoreCase))
        {
            throw new UsageException(line.Positional.Count == 0
                ? "config: say what to do: messngr config check [--config FILE]"
                : $"config: unknown action '{Control.ClientText.Line(string.Join(' ', line.Positional))}' (check)");
        }

        var json = line.Values.GetValueOrDefault("json") == "yes";
        var path = line.Values.GetValueOrDefault("config") ?? environment.GetValueOrDefault("MESSNGR_CONFIG") ?? ServeOptionsLoader.DefaultConfigPath;
        string text;
        try
        {
            text = Directory.Exists(path) ? throw new IOException($"'{path}' is a directory, not a file") : File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return Fail($"config file '{path}' does not exist", ExitCodes.NoInput);
        }
        catch (UnauthorizedAccessException)
        {
            return Fail($"cannot read config file '{path}': permission denied (running as {Environment.UserName})", ExitCodes.Permission);
        }
        catch (IOException ex)
        {
            return Fail($"cannot read config file '{path}': {ex.Message}", ExitCodes.Config);
        }

        var file = IniFile.ParseAll(path, text);
        var problems = ConfigCheck.Run(file, environment, isRoot: Environment.UserName == "root");
        var keys = ConfigCheck.KeyCount(file);
        if (json)
        {
            var dto = new ConfigCheckDto(path, keys, problems.Count == 0, [.. problems.Select(p => new ConfigProblemDto(p.Line, p.Key, p.Value, p.Reason))]);
            output.WriteLine(JsonSerializer.Serialize(dto, ConfigJsonContext.Default.ConfigCheckDto));
        }
        else if (problems.Count == 0)
        {
            output.WriteLine($"{Clean(path)}: {keys} {(keys == 1 ? "key" : "keys")}, OK");
        }
        else
        {
            foreach (var problem in problems)
            {
                output.WriteLine(Clean(problem.Format(path)));
            }
        }

        return problems.Count == 0 ? ExitCodes.Ok : ExitCodes.Config;

        int Fail(string message, int code)
        {
            var shown = $"messngr config check: {Clean(message)}";
            if (json)
            {
                output.WriteLine(Output.JsonError.Format(shown, code));
            }

            error.WriteLine(shown);
            return code;
        }
    }

    /// <summary>One line for the terminal: the file's text is shown without control characters.</summary>
    private static string Clean(string text) => TerminalText.Sanitize(text, keepNewlines: false);
}
