namespace Messngr.Daemon.Core;

/// <summary>State of a name in the table: being registered, held, or lost to a conflict (RFC 1002 §5.1.1).</summary>
internal enum NameState
{
    Registering,
    Registered,
    Conflict,
    Releasing,
}
