namespace Messngr.Daemon.Integrations;

/// <summary>
/// One integration <c>messngr-send</c> relays to the daemon (issue #15, item 8): its command name,
/// the number of arguments its caller gives (always the last ones of the command line), the
/// environment variables it reads, and the mapping of those to the alert — the one mapping the
/// CLI command and <c>POST /v1/send/any {"integration":…}</c> share. A bad input throws
/// <see cref="IntegrationInputException"/>.
/// </summary>
internal sealed record RelayedIntegration(
    string Name,
    int ArgumentCount,
    IReadOnlyList<string> EnvironmentVariables,
    Func<IReadOnlyList<string>, IReadOnlyDictionary<string, string>, IntegrationAlert> Map);
