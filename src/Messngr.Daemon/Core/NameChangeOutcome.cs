namespace Messngr.Daemon.Core;

/// <summary>Outcome of a name change.</summary>
internal enum NameChangeOutcome
{
    Ok,
    AlreadyExists,
    NotFound,
    Forbidden,
    Invalid,
    Conflict,
}
