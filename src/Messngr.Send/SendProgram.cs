using Messngr.Cli;
using Messngr.Cli.Commands;

namespace Messngr.Send;

/// <summary>
/// The <c>messngr-send</c> entry point (issue #15, item 8): <c>messngr-send ARGS</c> is
/// <c>messngr send ARGS</c>, and <c>messngr-send --alert ARGS</c> is <c>messngr alert ARGS</c> —
/// the same parsers, engine, output and exit codes (the code is messngr's own, linked). Only these
/// two commands are reachable from here, which is what keeps the Native-AOT image small.
/// </summary>
internal static class SendProgram
{
    /// <summary>The first argument that makes this <c>messngr alert</c>; no send recipient starts with "--".</summary>
    public const string AlertSwitch = "--alert";

    private static int Main(string[] args)
    {
        var alert = args.Length > 0 && args[0] == AlertSwitch;
        var rest = alert ? args[1..] : args;
        try
        {
            return alert ? AlertCommand.Run(rest) : SendCommand.Run(rest);
        }
        catch (UsageException ex)
        {
            // as messngr's Program: --json always answers in JSON, a usage error too (issue #12, item 13)
            var line = $"messngr: {ex.Message}";
            if (alert ? CommandLine.WantsJson(rest, AlertCommand.Manual.Options) : SendArguments.WantsJson(rest))
            {
                Console.Out.WriteLine(Cli.Output.JsonError.Format(line, ExitCodes.Usage));
            }

            Console.Error.WriteLine(line);
            return ExitCodes.Usage;
        }
    }
}
