using System.Globalization;
using Messngr.Cli.Options;
using Messngr.Daemon.Sending;

namespace Messngr.Cli.Commands;

/// <summary>
/// The command line of <c>messngr send</c> in either spelling: Windows
/// (<c>send * hi</c>, <c>send /domain:LAB hi</c>, <c>msg @file /server:HOST /time:30 /v hi</c>)
/// or POSIX (<c>--server HOST --timeout 30 --verbose</c>). The first operand is the recipient;
/// the rest is the text, joined with spaces; no text or <c>-</c> reads standard input.
/// Options (both spellings) may stand before the recipient and between it and the text; the
/// first word of the text, or <c>--</c>, ends them: from there on every word is text, as
/// <c>net send</c> takes everything after the name as the message (issue #12, item 7).
/// </summary>
internal sealed record SendArguments(
    string RecipientText,
    string? Text,
    IReadOnlyDictionary<string, string> Flags,
    bool Help)
{
    public static readonly string[] Valued = CommandLine.Valued(SendOptionTable.All);

    public static readonly string[] Switches = CommandLine.Switches(SendOptionTable.All);

    /// <summary>msg's /w, kept as it is among the options so that <see cref="Parse"/> can refuse it.</summary>
    private const string WaitSwitch = "/w";

    public bool Json => Flags.GetValueOrDefault("json") == "yes";

    public bool Verbose => Flags.GetValueOrDefault("verbose") == "yes";

    public static SendArguments Parse(IReadOnlyList<string> args)
    {
        var (options, operands) = Split(args);
        if (options.Contains(WaitSwitch))
        {
            throw new UsageException("send: /w (wait until the recipient reads it) cannot be done over the classic protocols; messngr reports delivery instead");
        }

        var line = CommandLine.Parse("send", options, Valued, Switches);
        if (line.Help)
        {
            return new SendArguments(string.Empty, null, line.Values, true);
        }

        if (operands.Count == 0)
        {
            throw new UsageException("send: no recipient (messngr send NAME|*|/domain[:NAME]|/users|@FILE [TEXT...]; see --help)");
        }

        var text = operands.Count switch
        {
            1 => null,
            2 when operands[1] == "-" => null,
            _ => string.Join(' ', operands.Skip(1)),
        };
        return new SendArguments(operands[0], text, line.Values, false);
    }

    /// <summary>Whether <c>--json</c> is among the options (not the text), for a usage error in JSON.</summary>
    public static bool WantsJson(IReadOnlyList<string> args) => CommandLine.WantsJson(Split(args).Options, SendOptionTable.All);

    /// <summary>
    /// The options, in POSIX spelling (Windows switches translated), and the operands: the
    /// recipient and the words of the text.
    /// </summary>
    private static (List<string> Options, List<string> Operands) Split(IReadOnlyList<string> args)
    {
        var options = new List<string>();
        var operands = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg == "--")
            {
                operands.AddRange(args.Skip(i + 1));
                break;
            }

            if (operands.Count == 1 && !IsOption(arg))
            {
                // the first word of the text: it and everything after it is the message
                operands.AddRange(args.Skip(i));
                break;
            }

            if (arg.StartsWith("--", StringComparison.Ordinal))
            {
                options.Add(arg);
                if (!arg.Contains('=', StringComparison.Ordinal) && Valued.Contains(arg[2..]) && i + 1 < args.Count)
                {
                    options.Add(args[++i]);
                }

                continue;
            }

            if (arg is "-h" or "-?" or "/?")
            {
                options.Add(arg);
                continue;
            }

            if (WindowsSwitch(arg) is { } translated)
            {
                options.Add(translated);
                continue;
            }

            operands.Add(arg);
        }

        return (options, operands);
    }

    /// <summary>An option in either spelling (not a recipient like <c>/users</c> or <c>/domain</c>, not <c>-</c>).</summary>
    private static bool IsOption(string arg) =>
        (arg.StartsWith("--", StringComparison.Ordinal) && arg.Length > 2) || arg is "-h" or "-?" or "/?" || WindowsSwitch(arg) is not null;

    private static string? WindowsSwitch(string arg)
    {
        var lower = arg.ToLowerInvariant();
        if (lower is "/v" or "-v")
        {
            return "--verbose";
        }

        if (lower.StartsWith("/server:", StringComparison.Ordinal))
        {
            return $"--server={arg["/server:".Length..]}";
        }

        if (lower.StartsWith("/time:", StringComparison.Ordinal))
        {
            return $"--timeout={arg["/time:".Length..]}";
        }

        return lower == "/w" ? WaitSwitch : null;
    }

    public SendTransport Transport => Flags.GetValueOrDefault("transport")?.ToLowerInvariant() switch
    {
        null or "auto" => SendTransport.Auto,
        "smb" => SendTransport.Smb,
        "mailslot" => SendTransport.Mailslot,
        "rpc" => SendTransport.Rpc,
        var other => throw new UsageException($"send: --transport must be auto, smb, mailslot or rpc, not '{other}'"),
    };

    public TimeSpan Timeout => Flags.TryGetValue("timeout", out var value)
        ? double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds > 0 && seconds <= 3600
            ? TimeSpan.FromSeconds(seconds)
            : throw new UsageException($"send: --timeout must be a number of seconds between 0 and 3600, not '{value}'")
        : TimeSpan.FromSeconds(10);

    public int Port(string key, int fallback) => Flags.TryGetValue(key, out var value)
        ? int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and < 65536
            ? port
            : throw new UsageException($"send: --{key} must be a port number (1-65535), not '{value}'")
        : fallback;
}
