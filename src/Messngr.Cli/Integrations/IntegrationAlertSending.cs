using Messngr.Cli.Commands;
using Messngr.Cli.Control;
using Messngr.Daemon.Integrations;

namespace Messngr.Cli.Integrations;

/// <summary>How the CLI sends an <see cref="IntegrationAlert"/> (issue #15, item 4): as <c>messngr alert</c>.</summary>
internal static class IntegrationAlertSending
{
    /// <summary>
    /// Sends the alert: options the admin gave on the command line win over what the event
    /// maps to (--priority, --correlation-key, --to); the text is never read as @FILE or stdin.
    /// </summary>
    public static Task<int> SendAsync(this IntegrationAlert alert, string command, IReadOnlyDictionary<string, string> options, CommandContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(alert);
        var flags = new Dictionary<string, string>(options, StringComparer.Ordinal);
        flags.TryAdd("priority", alert.Priority);
        if (alert.CorrelationKey is not null)
        {
            flags.TryAdd("correlation-key", alert.CorrelationKey);
        }

        if (alert.To is not null)
        {
            flags.TryAdd("to", alert.To);
        }

        return AlertCommand.SendTextAsync(command, flags, alert.SentText, context, cancellationToken);
    }
}
