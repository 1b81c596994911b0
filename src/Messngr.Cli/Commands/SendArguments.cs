using System.Globalization;
using Messngr.Daemon.Sending;

namespace Messngr.Cli.Commands;

/// <summary>
/// The command line of <c>messngr send</c> in either spelling: Windows
/// (<c>send * hi</c>, <c>send /domain:LAB hi</c>, <c>msg @file /server:HOST /time:30 /v hi</c>)
/// or POSIX (<c>--server HOST --timeout 30 --verbose</c>). The first operand is the recipient;
/// the rest is the text, joined with spaces; no text or <c>-</c> reads standard input.
/// </summary>
internal sealed record SendArguments(
    string RecipientText,
    string? Text,
    IReadOnlyDictionary<string, string> Flags,
    bool Help)
{
    public static readonly string[] Valued =
    [
        "from", "transport", "server", "timeout", "wins-server", "interface", "workgroup", "netbios-name", "code-page", "netbios-scope",
        "resolve-order", "lmhosts", "state-dir", "config", "session-port", "rpc-port", "datagram-port", "name-service-port",
    ];

    public static readonly string[] Switches = ["json", "verbose"];

    public bool Json => Flags.GetValueOrDefault("json") == "yes";

    public bool Verbose => Flags.GetValueOrDefault("verbose") == "yes";

    public static SendArguments Parse(IReadOnlyList<string> args)
    {
        var posix = new List<string>();
        var operands = 0;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg == "--")
            {
                posix.AddRange(args.Skip(i));
                break;
            }

            if (arg.StartsWith("--", StringComparison.Ordinal))
            {
                posix.Add(arg);
                if (!arg.Contains('=', StringComparison.Ordinal) && Valued.Contains(arg[2..]) && i + 1 < args.Count)
                {
                    posix.Add(args[++i]);
                }

                continue;
            }

            // Windows switches count only before the text starts (after at most the recipient),
            // so that a message like "meet me /v" keeps its words.
            if (operands <= 1 && WindowsSwitch(arg) is { } translated)
            {
                posix.Add(translated);
                continue;
            }

            operands++;
            posix.Add(arg);
        }

        var line = CommandLine.Parse("send", posix, Valued, Switches);
        if (line.Help)
        {
            return new SendArguments(string.Empty, null, line.Values, true);
        }

        if (line.Positional.Count == 0)
        {
            throw new UsageException("send: no recipient (messngr send NAME|*|/domain[:NAME]|/users|@FILE [TEXT...]; see --help)");
        }

        var text = line.Positional.Count switch
        {
            1 => null,
            2 when line.Positional[1] == "-" => null,
            _ => string.Join(' ', line.Positional.Skip(1)),
        };
        return new SendArguments(line.Positional[0], text, line.Values, false);
    }

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

        return lower == "/w"
            ? throw new UsageException("send: /w (wait until the recipient reads it) cannot be done over the classic protocols; messngr reports delivery instead")
            : null;
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
