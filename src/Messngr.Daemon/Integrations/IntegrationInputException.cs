namespace Messngr.Daemon.Integrations;

/// <summary>
/// An integration's arguments or environment that map to no alert (issue #15, item 8): the CLI
/// command reports it as a usage error (exit 64), the daemon as 400 (messngr-send then runs the
/// command, which says it). The message names what is wrong and what sets it.
/// </summary>
internal sealed class IntegrationInputException : Exception
{
    public IntegrationInputException() { }

    public IntegrationInputException(string message) : base(message) { }

    public IntegrationInputException(string message, Exception innerException) : base(message, innerException) { }
}
