namespace Messngr.Cli;

/// <summary>
/// A configuration that cannot be used — a config file that cannot be read or holds a bad value
/// of a key the command uses, a bad MESSNGR_* variable; the message names the key, the value and
/// where it came from, in one line. Exit code 78 (<see cref="ExitCodes.Config"/>), never 64: the
/// command line was fine (issue #12, items 5 and 9).
/// </summary>
internal sealed class ConfigurationException : Exception
{
    public ConfigurationException() { }

    public ConfigurationException(string message) : base(message) { }

    public ConfigurationException(string message, Exception innerException) : base(message, innerException) { }
}
