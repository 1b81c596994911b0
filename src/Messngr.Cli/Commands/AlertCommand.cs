using Messngr.Cli.Control;
using Messngr.Cli.Help;
using Messngr.Cli.Options;
using Messngr.Daemon.Sending;

namespace Messngr.Cli.Commands;

/// <summary>
/// <c>messngr alert [--to LIST] [send's options] TEXT|-|@FILE</c> (issue #15, item 3): as NT's
/// Alerter service sent to its list of names to alert, this sends TEXT to every name of
/// <c>alert names</c> (or <c>--to</c>). It is <c>messngr send</c>: the recipients and options
/// become send's argument list (several recipients as a private @FILE list) and
/// <see cref="SendCommand.RunAsync"/> sends, so transports, results and exit codes are send's.
/// </summary>
internal static class AlertCommand
{
    /// <summary>What an alert with neither alert names nor --to says (exit 78).</summary>
    public const string NoNamesError = "no alert names: set 'alert names' in messngr.conf or pass --to";

    public static readonly CommandHelp Manual = new(
        "alert",
        "send an alert to the alert names ('alert names' in messngr.conf) like 'messngr send'",
        "usage: messngr alert [--to LIST] [OPTIONS] TEXT...|-|@FILE   (no TEXT or '-': the text is read from stdin)",
        """
        Sends TEXT to every recipient of 'alert names' in the config file (or MESSNGR_ALERT_NAMES,
        --alert-names), as NT's Alerter service sent to its list of names to alert; --to LIST
        sends to LIST instead. Each recipient is one 'messngr send' takes (NAME, NAME@HOST,
        NAME@HOST:PORT, ADDRESS, /domain[:WG], *, /users), and the message goes exactly as
        'messngr send' sends it: the same transports, results, --json and exit codes. An alert
        is sent with --priority high unless another priority is given (carried natively only).
        @FILE reads the text from FILE (not a recipient list, as in send). Options stand before
        the text; '--' ends them. With neither alert names nor --to it sends nothing (exit 78).
        """,
        AlertOptionTable.All,
        [.. SendCommand.Manual.ExitCodes.Select(c => c.Code == ExitCodes.Config
            ? c with { Meaning = "configuration error: no alert names and no --to, or a bad value in the config file or a MESSNGR_* variable" }
            : c.Code == ExitCodes.NoInput ? c with { Meaning = "the text's @FILE unreadable" } : c)])
    {
        ExitNote = "With several recipients: the code of the first one that failed.",
    };

    public static string Help => Manual.Text;

    public static int Run(IReadOnlyList<string> args) =>
        RunAsync(args, CommandContext.FromConsole(), () => Console.In, Console.IsInputRedirected, CancellationToken.None).GetAwaiter().GetResult();

    public static async Task<int> RunAsync(IReadOnlyList<string> args, CommandContext context, Func<TextReader> input, bool inputRedirected, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var line = CommandLine.Parse("alert", args, AlertOptionTable.All);
        if (line.Help)
        {
            await context.Out.WriteAsync(Help).ConfigureAwait(false);
            return ExitCodes.Ok;
        }

        var json = line.Values.GetValueOrDefault("json") == "yes";
        var recipients = await RecipientsAsync("alert", line.Values, context).ConfigureAwait(false);
        if (recipients is null)
        {
            return ExitCodes.Config;
        }

        string? text;
        try
        {
            text = await TextArgumentAsync(line.Positional, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // as send's unreadable @FILE: exit 66
            var message = $"messngr alert: cannot read the text {Clean(line.Positional[0][1..])}: {Clean(ex.Message)}";
            if (json)
            {
                await context.Out.WriteLineAsync(Output.JsonError.Format(message, ExitCodes.NoInput)).ConfigureAwait(false);
            }

            await context.Error.WriteLineAsync(message).ConfigureAwait(false);
            return ExitCodes.NoInput;
        }

        return await DeliverAsync(line.Values, recipients, text, context, input, inputRedirected, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// An alert whose TEXT is already known (the integrations of issue #15, item 4): to --to or
    /// the alert names, with send's options from <paramref name="flags"/>; never read as @FILE or stdin.
    /// </summary>
    internal static async Task<int> SendTextAsync(string command, IReadOnlyDictionary<string, string> flags, string text, CommandContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var recipients = await RecipientsAsync(command, flags, context).ConfigureAwait(false);
        return recipients is null
            ? ExitCodes.Config
            : await DeliverAsync(flags, recipients, text, context, () => TextReader.Null, inputRedirected: true, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>--to's recipients or the alert names; null after saying why (exit 78).</summary>
    private static async Task<List<string>?> RecipientsAsync(string command, IReadOnlyDictionary<string, string> flags, CommandContext context)
    {
        try
        {
            return flags.TryGetValue("to", out var to) ? ParseTo(to) : ConfiguredNames(flags, context);
        }
        catch (ConfigurationException ex)
        {
            var message = $"messngr {command}: {Clean(ex.Message)}";
            if (flags.GetValueOrDefault("json") == "yes")
            {
                await context.Out.WriteLineAsync(Output.JsonError.Format(message, ExitCodes.Config)).ConfigureAwait(false);
            }

            await context.Error.WriteLineAsync(message).ConfigureAwait(false);
            return null;
        }
    }

    /// <summary>Sends <paramref name="text"/> (null: stdin) to <paramref name="recipients"/> as send does.</summary>
    private static async Task<int> DeliverAsync(IReadOnlyDictionary<string, string> flags, List<string> recipients, string? text, CommandContext context, Func<TextReader> input, bool inputRedirected, CancellationToken cancellationToken)
    {
        string? listDirectory = null;
        try
        {
            string recipient;
            if (recipients.Count == 1)
            {
                recipient = recipients[0];
            }
            else
            {
                // send's @FILE list, in a directory only this user may enter (0700).
                listDirectory = Directory.CreateTempSubdirectory("messngr-alert-").FullName;
                recipient = "@" + Path.Combine(listDirectory, "names");
                await File.WriteAllLinesAsync(recipient[1..], recipients, cancellationToken).ConfigureAwait(false);
            }

            return await SendCommand.RunAsync(SendArgs(flags, recipient, text), context, input, inputRedirected, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (listDirectory is not null)
            {
                Directory.Delete(listDirectory, recursive: true);
            }
        }
    }

    /// <summary>send's argument list: the options as given (priority high unless set), the recipient, then '--' and the text (none: stdin).</summary>
    internal static List<string> SendArgs(IReadOnlyDictionary<string, string> flags, string recipient, string? text)
    {
        var args = new List<string>();
        foreach (var (key, value) in flags)
        {
            if (key is "to" or "alert-names")
            {
                continue;
            }

            var isSwitch = SendOptionTable.All.First(o => o.Name == key).IsSwitch;
            args.Add(isSwitch ? (value == "yes" ? $"--{key}" : $"--no-{key}") : $"--{key}={value}");
        }

        if (!flags.ContainsKey("priority"))
        {
            args.Add("--priority=high");
        }

        args.Add(recipient);
        args.Add("--");
        args.Add(text ?? "-");
        return args;
    }

    /// <summary>--to LIST: a bad recipient is a usage error naming it, as send's.</summary>
    private static List<string> ParseTo(string list)
    {
        var names = Split(list);
        if (names.Count == 0)
        {
            throw new UsageException("alert: --to names no recipient");
        }

        foreach (var name in names)
        {
            if (!RecipientParser.TryParse(name, out _, out var error))
            {
                throw new UsageException($"alert: --to: '{Clean(name)}' is not a recipient: {Clean(error)}");
            }
        }

        return names;
    }

    /// <summary><c>alert names</c> from --alert-names, MESSNGR_ALERT_NAMES or the config file, checked by serve's loader.</summary>
    private static List<string> ConfiguredNames(IReadOnlyDictionary<string, string> flags, CommandContext context)
    {
        var names = ClientOptionsLoader.Load("alert", ClientOptionsLoader.AlertKeys, flags, context).AlertNames;
        return names.Count == 0 ? throw new ConfigurationException(NoNamesError) : [.. names];
    }

    /// <summary>The words of the text; null (send reads stdin) for none or '-'; @FILE: the file's text (unreadable: IOException).</summary>
    private static async Task<string?> TextArgumentAsync(List<string> words, CancellationToken cancellationToken)
    {
        if (words.Count == 0 || (words.Count == 1 && words[0] == "-"))
        {
            return null;
        }

        if (words.Count == 1 && words[0].Length > 1 && words[0].StartsWith('@'))
        {
            var path = words[0][1..];
            using var reader = new StreamReader(path);
            var buffer = new char[SendCommand.MaxTextCharacters + 1];
            var total = 0;
            int read;
            while (total < buffer.Length && (read = await reader.ReadAsync(buffer.AsMemory(total), cancellationToken).ConfigureAwait(false)) > 0)
            {
                total += read;
            }

            return total > SendCommand.MaxTextCharacters
                ? throw new UsageException($"alert: {Clean(path)} has more than {SendCommand.MaxTextCharacters} characters")
                : new string(buffer, 0, total);
        }

        return string.Join(' ', words);
    }

    private static List<string> Split(string list) => Messngr.Daemon.Integrations.IntegrationAlert.SplitTo(list);

    private static string Clean(string text) => Messngr.Daemon.Display.TerminalText.Sanitize(text, keepNewlines: false);
}
