namespace Messngr.Cli;

/// <summary>A command line that cannot be understood; the message says why, exit code 64.</summary>
internal sealed class UsageException : Exception
{
    public UsageException() { }

    public UsageException(string message) : base(message) { }

    public UsageException(string message, Exception innerException) : base(message, innerException) { }
}
