using Messngr.Cli.Control;
using Messngr.Cli.Help;
using Messngr.Cli.Options;
using Messngr.Daemon.Sending;

namespace Messngr.Cli.Commands;

/// <summary><c>messngr send</c>: Windows' <c>net send</c> and <c>msg</c> over every classic transport, with honest results.</summary>
internal static class SendCommand
{
    /// <summary>Largest text read from standard input or the command line; far above every path's limit.</summary>
    public const int MaxTextCharacters = 64 * 1024;

    /// <summary>Largest @FILE recipient list.</summary>
    public const int MaxListBytes = 1024 * 1024;

    public static readonly CommandHelp Manual = new(
        "send",
        "send a message like 'net send' / 'msg' and say whether it was delivered",
        "usage: messngr send [OPTIONS] RECIPIENT [OPTIONS] [TEXT...]   (no TEXT or '-': the text is read from stdin)",
        """
        Sends a message like Windows' 'net send' and 'msg' and says what the receiver answered.
        A NAME (or NAME@HOST) that a trusted messngr node announces in the local daemon's peer
        table ('messngr peers') goes over the native transport: TLS, the receiver authenticated,
        a durable outbox that retries a node that is down, receipts ('messngr sent'); --native
        sends only that way. Everything else goes over the classic protocols, unverified.
        RECIPIENT is one of
          NAME              a user or computer: NAME<03> is resolved, then the message goes over a
                            NetBIOS session with the SMB message commands (TCP 139); when the
                            session is refused it falls back to [MS-MSRP] NetrSendMessage (UDP 135)
          NAME@HOST         NAME on HOST (an address or a host name); NAME is not resolved; a
                            HOST with a dot or over 15 characters is a host name, looked up as
                            typed by DNS and /etc/hosts
          NAME@HOST:PORT    NAME on the messngr node whose native listener is HOST:PORT (1-65535;
                            2426 without a port): always native; a classic transport refuses it
          ADDRESS           an IPv4 address: its messenger name is asked by node status
          * | /domain[:WG]  everyone in the workgroup WG (default: ours): one \MAILSLOT\MESSNGR
                            datagram to WG<00> on every interface's broadcast address; at most 128
                            characters; no confirmation is possible
          /users            every user logged on at a terminal of this host (msg *)
          @FILE             every recipient listed in FILE, one a line ('#' starts a comment);
                            the native ones go to the daemon in one request, the others 32 at once
        Windows switches are accepted as well: /server:HOST, /time:SECONDS (--time), /w (--wait), /v.
        Options stand before the recipient or between it and the text: the first word of the text
        (or '--') ends them, and every word after it is text, as in 'net send'
        (messngr send HOSTC restart with --timeout 5 please sends all five words).
        Lengths, in bytes of the code page: smb at most 4,096 (over 128 as a multi-block
        message), rpc at most 652, a broadcast at most 128 characters; longer text is refused
        (exit 65), never cut or sent in part.
        """,
        SendOptionTable.All,
        [
            new(ExitCodes.Ok, "delivered (native: stored by the receiver; --wait: read), or accepted for broadcast"),
            new(ExitCodes.Usage, "usage error"),
            new(ExitCodes.DataError, "text cannot go that way (too long, character not in the code page), or the native message expired"),
            new(ExitCodes.NoInput, "@FILE unreadable"),
            new(ExitCodes.NameNotFound, "name not found (native: not a name of that node)"),
            new(ExitCodes.Unavailable, "unreachable (--native: also the daemon not running)"),
            new(ExitCodes.Software, "internal error"),
            new(ExitCodes.TimedOut, "timed out; native: queued for a later attempt (the daemon retries until it expires); --wait: not read within --time"),
            new(ExitCodes.ProtocolError, "protocol error (the receiver answered garbage)"),
            new(ExitCodes.Permission, "refused by the receiver; native: node not trusted, its key changed, or the receiver's policy"),
            new(ExitCodes.Config, "configuration error (a bad value in the config file or a MESSNGR_* variable)"),
        ])
    {
        ExitNote = "With several recipients: the code of the first one that failed.",
    };

    public static string Help => Manual.Text;

    /// <summary>
    /// Ctrl-C ends the process at once, as it ends <c>net send</c>: nothing is half-written to a store
    /// here, and not registering a handler spares the signal-handling thread's start-up (issue #6).
    /// </summary>
    public static int Run(IReadOnlyList<string> args) =>
        RunAsync(args, CommandContext.FromConsole(), () => Console.In, Console.IsInputRedirected, CancellationToken.None).GetAwaiter().GetResult();

    /// <summary>
    /// <paramref name="input"/> is asked for only when the text comes from standard input: the first
    /// touch of <c>Console.In</c> sets up the terminal and starts a signal-handling thread (issue #6: start-up).
    /// </summary>
    public static async Task<int> RunAsync(IReadOnlyList<string> args, CommandContext context, Func<TextReader> input, bool inputRedirected, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var arguments = SendArguments.Parse(args);
        if (arguments.Help)
        {
            await context.Out.WriteAsync(Help).ConfigureAwait(false);
            return ExitCodes.Ok;
        }

        // A bad key is a usage error before anything is read or sent, whichever transport is asked for.
        _ = arguments.CorrelationKey;
        var recipients = ReadRecipients(arguments.RecipientText, out var listError);
        if (listError is not null)
        {
            if (arguments.Json)
            {
                await context.Out.WriteLineAsync(Output.JsonError.Format($"messngr send: {listError}", ExitCodes.NoInput)).ConfigureAwait(false);
            }

            await context.Error.WriteLineAsync($"messngr send: {listError}").ConfigureAwait(false);
            return ExitCodes.NoInput;
        }

        if (recipients.FirstOrDefault(r => r.Port is not null) is { } ported && ClassicOnly(arguments) is { } classic)
        {
            // Issue #13, many: a port names a messngr node's native listener; the classic protocols have fixed ones.
            throw new UsageException($"send: {Clean(ported.Text)}: a port (NAME@HOST:PORT) is for the native transport only, not for {classic}; drop the port, or send with --native");
        }

        var text = arguments.Text;
        if (text is null)
        {
            if (!inputRedirected)
            {
                await context.Error.WriteLineAsync("Enter the message; end it with Ctrl-D on a new line.").ConfigureAwait(false);
            }

            text = await ReadTextAsync(input(), cancellationToken).ConfigureAwait(false);
        }

        text = NormaliseLineBreaks(text);
        if (text.Length > MaxTextCharacters)
        {
            throw new UsageException($"send: the text has more than {MaxTextCharacters} characters");
        }

        if (text.Trim().Length == 0)
        {
            throw new UsageException("send: the text is empty");
        }

        var from = SenderName(arguments, context);
        SendStack stack;
        try
        {
            stack = await SendStack.CreateAsync(arguments, context, cancellationToken).ConfigureAwait(false);
        }
        catch (ConfigurationException ex)
        {
            var line = $"messngr send: {Clean(ex.Message)}";
            if (arguments.Json)
            {
                await context.Out.WriteLineAsync(Output.JsonError.Format(line, ExitCodes.Config)).ConfigureAwait(false);
            }

            await context.Error.WriteLineAsync(line).ConfigureAwait(false);
            return ExitCodes.Config;
        }

        var request = new SendRequest(recipients, from, text, arguments.Transport, arguments.Flags.GetValueOrDefault("server"));
        SendTrace? trace = arguments.Verbose ? step => context.Error.WriteLine($"  {Clean(step)}") : null;
        var results = await stack.Sender.SendAsync(request, trace, cancellationToken).ConfigureAwait(false);

        if (arguments.Json)
        {
            var dtos = results.Select(r => new SendResultDto(r.Recipient.Text, SendExitCodes.Word(r.Outcome), r.Transport?.Word(),
                r.Address?.ToString(), r.To, r.Detail, r.Blocks, SendExitCodes.For(r.Outcome),
                r.Native?.Authenticated ?? false, r.Native?.MessageId, r.Native?.State, r.Native?.NodeId, r.Native?.RetryUntil)).ToList();
            await context.Out.WriteLineAsync(System.Text.Json.JsonSerializer.Serialize(dtos, SendJsonContext.Default.IReadOnlyListSendResultDto)).ConfigureAwait(false);
        }
        else
        {
            foreach (var result in results)
            {
                var (toError, line) = SendResultText.Printed(result);
                await (toError ? context.Error : context.Out).WriteLineAsync(line).ConfigureAwait(false);
            }
        }

        return SendResultText.ExitCode(results);
    }

    /// <summary>What asks for the classic protocols only (no native path), in the user's words; null when native is possible.</summary>
    private static string? ClassicOnly(SendArguments arguments) =>
        arguments.Transport is SendTransport.Smb or SendTransport.Rpc or SendTransport.Mailslot
            ? $"--transport {arguments.Transport.ToString().ToLowerInvariant()}"
            : arguments.Transport == SendTransport.Auto && arguments.Flags.ContainsKey("server") ? "/server:HOST (--server)" : null;

    /// <summary>One recipient, or the lines of @FILE (msg @file); a bad recipient is a usage error naming it.</summary>
    private static List<Recipient> ReadRecipients(string text, out string? error)
    {
        error = null;
        if (!text.StartsWith('@') || text.Length == 1)
        {
            return [Parse(text, null)];
        }

        var path = text[1..];
        string content;
        try
        {
            var info = new FileInfo(path);
            if (info.Exists && info.Length > MaxListBytes)
            {
                error = $"{path}: the recipient list is larger than {MaxListBytes / 1024} KiB";
                return [];
            }

            content = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            error = $"cannot read the recipient list {path}: {ex.Message}";
            return [];
        }

        var recipients = new List<Recipient>();
        var number = 0;
        foreach (var raw in content.Split('\n'))
        {
            number++;
            var line = raw.Split('#')[0].Trim();
            if (line.Length > 0)
            {
                recipients.Add(Parse(line, $"{path}:{number}"));
            }
        }

        if (recipients.Count == 0)
        {
            error = $"{path} lists no recipient";
        }

        return recipients;
    }

    private static Recipient Parse(string text, string? where) =>
        RecipientParser.TryParse(text, out var recipient, out var error)
            ? recipient
            : throw new UsageException($"send: {(where is null ? string.Empty : where + ": ")}{Clean(error)}");

    private static async Task<string> ReadTextAsync(TextReader input, CancellationToken cancellationToken)
    {
        var buffer = new char[MaxTextCharacters + 1];
        var total = 0;
        while (total < buffer.Length)
        {
            var read = await input.ReadAsync(buffer.AsMemory(total), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            total += read;
        }

        return new string(buffer, 0, total);
    }

    /// <summary>CRLF and CR become '\n'; trailing line breaks (from echo or a heredoc) go.</summary>
    private static string NormaliseLineBreaks(string text) =>
        text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').TrimEnd('\n');

    private static string SenderName(SendArguments arguments, CommandContext context)
    {
        if (arguments.Flags.TryGetValue("from", out var from))
        {
            return Daemon.Names.NetBiosNameRule.Validate(from, "sender name") is { } error ? throw new UsageException($"send: --from: {Clean(error)}") : from;
        }

        var user = context.Environment.GetValueOrDefault("USER") is { Length: > 0 } u ? u : Environment.UserName;
        return user.Length > RecipientParser.MaxNameLength ? user[..RecipientParser.MaxNameLength] : user;
    }

    /// <summary>Result lines may quote what a peer sent: no control characters or escapes reach the terminal.</summary>
    private static string Clean(string text) => Messngr.Daemon.Display.TerminalText.Sanitize(text, keepNewlines: false);
}
