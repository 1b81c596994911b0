using Messngr.Cli.Control;
using Messngr.Cli.Help;
using Messngr.Daemon.Integrations;

namespace Messngr.Cli.Integrations;

/// <summary>
/// Runs one integration command (issue #15, item 4): --help, the caller's last
/// <c>count</c> arguments, the event mapped to an alert, and <see cref="IntegrationAlertSending.SendAsync"/>.
/// </summary>
internal static class IntegrationRunner
{
    /// <summary>Codes an integration ends with: alert's, less its @FILE (the text is never a file).</summary>
    public static readonly IReadOnlyList<ExitCode> ExitCodes = [.. Commands.AlertCommand.Manual.ExitCodes.Where(c => c.Code != Daemon.Core.ExitCodes.NoInput)];

    /// <summary>
    /// A relayed integration (<see cref="RelayedIntegrations"/>): its mapping, shared with the
    /// daemon, reads the caller's environment; a bad input is a usage error here (exit 64).
    /// </summary>
    public static Task<int> RunAsync(CommandHelp manual, IReadOnlyList<string> args, RelayedIntegration integration, CommandContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(integration);
        return RunAsync(manual, args, integration.ArgumentCount, (a, environment, _) =>
        {
            try
            {
                return Task.FromResult(integration.Map(a, environment));
            }
            catch (IntegrationInputException ex)
            {
                throw new UsageException(ex.Message, ex);
            }
        }, context, cancellationToken);
    }

    /// <summary><paramref name="map"/> turns the caller's arguments and environment into an alert (a bad one: <see cref="UsageException"/>).</summary>
    public static async Task<int> RunAsync(
        CommandHelp manual,
        IReadOnlyList<string> args,
        int count,
        Func<IReadOnlyList<string>, IReadOnlyDictionary<string, string>, CancellationToken, Task<IntegrationAlert>> map,
        CommandContext context,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(manual);
        ArgumentNullException.ThrowIfNull(map);
        ArgumentNullException.ThrowIfNull(context);
        var line = IntegrationCommandLine.Parse(manual.Command, args, count);
        if (line.Help)
        {
            await context.Out.WriteAsync(manual.Text).ConfigureAwait(false);
            return Daemon.Core.ExitCodes.Ok;
        }

        var alert = await map(line.Arguments, context.Environment, cancellationToken).ConfigureAwait(false);
        return await alert.SendAsync(manual.Command, line.Options, context, cancellationToken).ConfigureAwait(false);
    }
}
