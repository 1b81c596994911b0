namespace Messngr.Daemon.Privileges;

/// <summary>The daemon could not give up root as configured (<c>user</c>); it must not run on as root.</summary>
internal sealed class PrivilegeDropException : Exception
{
    public PrivilegeDropException()
    {
    }

    public PrivilegeDropException(string message)
        : base(message)
    {
    }

    public PrivilegeDropException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
