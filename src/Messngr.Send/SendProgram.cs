using System.Collections;
using System.Text;
using Messngr.Cli;
using Messngr.Cli.Commands;
using Messngr.Cli.Control;
using Messngr.Daemon.Control;

namespace Messngr.Send;

/// <summary>
/// The <c>messngr-send</c> entry point (issue #15, item 8): <c>messngr-send ARGS</c> is
/// <c>messngr send ARGS</c>, and <c>messngr-send --alert ARGS</c> is <c>messngr alert ARGS</c>.
/// Scripts start it once per event, so it is built to start fast: the plain
/// <c>messngr-send RECIPIENT TEXT…</c> (<see cref="OneShotPlan"/>) is handed to the running daemon
/// (<c>POST /v1/send/any</c>, sent as the calling user exactly as <c>messngr send</c> sends) by a
/// small image that carries neither the daemon nor messngr's send engine. Every other command line
/// — and the plain one when no daemon answers, or the daemon refuses the request before sending —
/// becomes <c>messngr send</c> (<see cref="MessngrExec"/>), so nothing behaves differently, only faster.
/// </summary>
internal static class SendProgram
{
    /// <summary>How long the daemon may take for one send: its own transport timeouts end a send well before.</summary>
    private static readonly TimeSpan AnswerTimeout = TimeSpan.FromMinutes(2);

    private static int Main(string[] args)
    {
        var environment = Environment.GetEnvironmentVariables();
        var names = new List<string>(environment.Count);
        foreach (DictionaryEntry entry in environment)
        {
            names.Add((string)entry.Key);
        }

        var plan = OneShotPlan.For(args, names);
        return plan is null ? Exec(args) : SendThroughDaemon(plan, environment, args);
    }

    private static int SendThroughDaemon(OneShotPlan plan, IDictionary environment, string[] args)
    {
        string socket;
        try
        {
            var read = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var name in OneShotPlan.EnvironmentRead)
            {
                if (environment[name] is string value)
                {
                    read[name] = value;
                }
            }

            socket = ControlSocketLocator.Locate(new Dictionary<string, string>(), read, Environment.IsPrivilegedProcess, File.Exists);
        }
        catch (ArgumentException)
        {
            return Exec(args); // a state directory messngr send reports better
        }

        DaemonAnswer? answer;
        try
        {
            answer = DaemonExchange.Post(socket, ControlAnySendEndpoints.Path, RequestBody(plan), AnswerTimeout);
        }
        catch (DaemonExchangeException ex)
        {
            // The daemon had the request: it may have sent the message, so it is not sent again.
            Console.Error.WriteLine($"messngr {Command(plan)}: {ex.Message}; the message may have been sent (see 'messngr sent')");
            return ex.TimedOut ? ExitCodes.TimedOut : ExitCodes.Unavailable;
        }

        // No daemon, or one that refused before sending (busy, no send engine, a request it cannot take):
        // messngr send sends it itself and says what is wrong in its own words.
        if (answer is not { Status: 200 })
        {
            return Exec(args);
        }

        IReadOnlyList<Daemon.Sending.RecipientResult> results;
        try
        {
            results = AnySendAnswerReader.Read(answer.Body);
        }
        catch (DaemonExchangeException ex)
        {
            Console.Error.WriteLine($"messngr {Command(plan)}: {ex.Message}; the message may have been sent (see 'messngr sent')");
            return ExitCodes.ProtocolError;
        }

        var exitCode = ExitCodes.Ok;
        foreach (var result in results)
        {
            if (!result.Succeeded && exitCode == ExitCodes.Ok)
            {
                exitCode = SendExitCodes.For(result.Outcome); // the first recipient that failed, as messngr send
            }

            var line = SendResultLine.Format(result);
            if (result.Succeeded)
            {
                Console.Out.WriteLine(line);
            }
            else
            {
                Console.Error.WriteLine($"messngr send: {line}"); // as messngr alert too: it prints send's lines
            }
        }

        return exitCode;
    }

    /// <summary><c>{"recipient": …, "text": …}</c> or <c>{"alert": true, "text": …}</c>: the daemon takes the sender from the caller's uid, never from here.</summary>
    private static byte[] RequestBody(OneShotPlan plan) => Encoding.UTF8.GetBytes(plan.Recipient is { } recipient
        ? $"{{\"recipient\":{JsonString.Quote(recipient)},\"text\":{JsonString.Quote(plan.Text)}}}"
        : $"{{\"alert\":true,\"text\":{JsonString.Quote(plan.Text)}}}");

    private static string Command(OneShotPlan plan) => plan.Recipient is null ? "alert" : "send";

    /// <summary><c>messngr send ARGS</c>, or <c>messngr alert ARGS</c> after <c>--alert</c>, in place of this process.</summary>
    private static int Exec(string[] args)
    {
        var alert = args.Length > 0 && args[0] == OneShotPlan.AlertSwitch;
        var why = MessngrExec.Run(alert ? "alert" : "send", alert ? args[1..] : args);
        Console.Error.WriteLine($"messngr-send: {why}");
        return ExitCodes.Unavailable;
    }
}
