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

    public bool Json => Flags.GetValueOrDefault("json") == "yes";

    public bool Verbose => Flags.GetValueOrDefault("verbose") == "yes";

    public static SendArguments Parse(IReadOnlyList<string> args)
    {
        var (options, operands) = Split(args);
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

        // msg /TIME:seconds, "time delay to wait for receiver to acknowledge msg": with /w the wait until read.
        if (lower.StartsWith("/time:", StringComparison.Ordinal))
        {
            return $"--time={arg["/time:".Length..]}";
        }

        return lower == "/w" ? "--wait" : null;
    }

    public SendTransport Transport => Flags.GetValueOrDefault("transport")?.ToLowerInvariant() switch
    {
        null or "auto" when Flags.GetValueOrDefault("native") == "yes" => SendTransport.Native,
        null or "auto" => SendTransport.Auto,
        "native" => SendTransport.Native,
        _ when Flags.GetValueOrDefault("native") == "yes" => throw new UsageException("send: --native and --transport name two transports; give one"),
        "smb" => SendTransport.Smb,
        "mailslot" => SendTransport.Mailslot,
        "rpc" => SendTransport.Rpc,
        var other => throw new UsageException($"send: --transport must be auto, native, smb, mailslot or rpc, not '{other}'"),
    };

    /// <summary>The classic per-recipient timeout: --timeout, else msg's /time:S (--time) when not waiting for a read, else 10 s.</summary>
    public TimeSpan Timeout => Flags.TryGetValue("timeout", out var value)
        ? double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds > 0 && seconds <= 3600
            ? TimeSpan.FromSeconds(seconds)
            : throw new UsageException($"send: --timeout must be a number of seconds between 0 and 3600, not '{value}'")
        : Flags.ContainsKey("time") && !Wait ? TimeSpan.FromSeconds(Math.Min(Time.TotalSeconds, 3600))
        : TimeSpan.FromSeconds(10);

    /// <summary><c>--wait</c> (msg /w): wait until the recipient read the message.</summary>
    public bool Wait => Flags.GetValueOrDefault("wait") == "yes";

    /// <summary><c>--sealed</c>.</summary>
    public bool Sealed => Flags.GetValueOrDefault("sealed") == "yes";

    /// <summary><c>--time S</c> (msg /time:S): 1 to 86,400 seconds; 300 when not given.</summary>
    public TimeSpan Time => Flags.TryGetValue("time", out var value)
        ? double.TryParse(value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var seconds) && seconds > 0 && seconds <= 86_400
            ? TimeSpan.FromSeconds(seconds)
            : throw new UsageException($"send: --time must be a number of seconds above 0 and at most 86400, not '{value}'")
        : TimeSpan.FromSeconds(300);

    /// <summary><c>--priority</c>: the word as the daemon takes it, or null for its default (normal).</summary>
    public string? Priority => Flags.TryGetValue("priority", out var value)
        ? Daemon.Core.PriorityText.TryParse(value, out var priority) ? Daemon.Core.PriorityText.Format(priority) : throw new UsageException($"send: --priority must be low, normal, high or critical, not '{value}'")
        : null;

    /// <summary>
    /// <c>--correlation-key KEY</c>, checked by the daemon's own rule (<see cref="Daemon.Core.CorrelationKey.Problem"/>:
    /// 1 to 128 visible ASCII characters); null when not given. Like <see cref="Priority"/> it travels natively only.
    /// </summary>
    public string? CorrelationKey => Flags.TryGetValue("correlation-key", out var value)
        ? Daemon.Core.CorrelationKey.Problem(value) is { } problem ? throw new UsageException($"send: --correlation-key: {problem}") : value
        : null;

    /// <summary><c>--expire DURATION</c>: seconds (N, Ns, Nm, Nh, Nd), 1 s to 30 days; null for the daemon's default.</summary>
    public long? ExpireSeconds => Flags.TryGetValue("expire", out var value) ? ParseDuration(value) : null;

    private static long ParseDuration(string value)
    {
        var text = value.Trim().ToLowerInvariant();
        var unit = text.Length > 0 && char.IsLetter(text[^1]) ? text[^1] : 's';
        var number = char.IsLetter(unit) && text.Length > 0 && char.IsLetter(text[^1]) ? text[..^1] : text;
        var factor = unit switch { 's' => 1L, 'm' => 60L, 'h' => 3600L, 'd' => 86_400L, _ => 0L };
        return factor > 0 && long.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 && n <= 30 * 86_400 / factor
            ? n * factor
            : throw new UsageException($"send: --expire must be a duration like 90s, 30m, 2h or 7d (at most 30d), not '{value}'");
    }

    public int Port(string key, int fallback) => Flags.TryGetValue(key, out var value)
        ? int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and < 65536
            ? port
            : throw new UsageException($"send: --{key} must be a port number (1-65535), not '{value}'")
        : fallback;
}
